import type { Track } from '../../models/course';
import { Skill, type SkillSource } from '../../models/skill';
import { wroteFirst } from '../lib/duplicate-key';

interface SeedSkill {
  code: string;
  name: { ko: string; en: string };
  description: { ko: string; en: string };
  source: { kind: SkillSource; reference: string; verified: boolean };
}

/**
 * Where the NCS entries come from: the NCS (국가직무능력표준, ncs.go.kr) classification is
 * 대분류 > 중분류 > 소분류 > 세분류, and each 세분류 holds 능력단위 (units). The major categories
 * named below (15 기계, 17 화학·바이오, 19 전기·전자, 20 정보통신, 23 환경·에너지·안전) are the
 * NCS's own; the lower levels and the units' codes were NOT checked when this list was written, so
 * every NCS entry is stored unverified (`verified: false`, shown as "to be verified against
 * ncs.go.kr") until city staff confirm the code on ncs.go.kr and tick the box.
 */
const unverifiedPath = (major: string, unit: string) =>
  `NCS ${major} > (중·소·세분류 확인 필요) > 능력단위 「${unit}」 — 코드는 NCS 누리집에서 확인 필요`;

/** The programme's seven tracks (models/course.ts `tracks`, DESIGN.md section 2), one skill each. */
const trackSkills: SeedSkill[] = (
  [
    [
      'materials',
      '이차전지 소재',
      'Battery materials',
      '양극재·음극재·전해질·분리막의 이해와 합성',
      'Cathode, anode, electrolyte and separator materials',
    ],
    [
      'cell',
      '셀 설계·공정',
      'Cell design and manufacturing',
      '셀 설계와 제조 공정 전반',
      'Cell design and the manufacturing process as a whole',
    ],
    [
      'pack_bms',
      '팩·BMS·전기차 시스템',
      'Packs, BMS and EV systems',
      '모듈·팩 설계와 배터리 관리 시스템',
      'Module and pack design and battery management systems',
    ],
    [
      'safety_testing',
      '안전·성능 평가',
      'Safety and performance testing',
      '전지의 안전성·성능 시험과 평가',
      'Safety and performance tests of cells and packs',
    ],
    [
      'analysis',
      '소재 분석·방사광 분석',
      'Characterisation and synchrotron analysis',
      '소재 특성 분석과 방사광 가속기 활용 분석',
      'Materials characterisation, including synchrotron analysis',
    ],
    [
      'recycling',
      '재사용·재활용',
      'Reuse and recycling',
      '사용후 전지의 재사용과 재활용',
      'Second life and recycling of used batteries',
    ],
    [
      'data_ai',
      '배터리 데이터·AI',
      'Battery data and AI',
      '전지 데이터 분석과 인공지능 활용',
      'Battery data analysis and machine learning',
    ],
  ] as const
).map(([track, ko, en, dko, den]) => ({
  code: `TRK-${track.replace('_', '-').toUpperCase()}`,
  name: { ko, en },
  description: { ko: dko, en: den },
  source: { kind: 'track', reference: `프로그램 분야: ${track} (DESIGN.md 2절)`, verified: true },
}));

/** Units of the national competency standards relevant to battery manufacturing. */
const ncsSkills: SeedSkill[] = [
  {
    code: 'NCS-ELECTRODE',
    name: { ko: '전극 제조', en: 'Electrode manufacturing' },
    description: { ko: '믹싱·코팅·압연·슬리팅', en: 'Mixing, coating, calendering and slitting' },
    source: { kind: 'ncs', reference: unverifiedPath('19. 전기·전자', '이차전지 전극 제조'), verified: false },
  },
  {
    code: 'NCS-ASSEMBLY',
    name: { ko: '셀 조립', en: 'Cell assembly' },
    description: { ko: '와인딩·스태킹·패키징·전해액 주입', en: 'Winding, stacking, packaging and electrolyte filling' },
    source: { kind: 'ncs', reference: unverifiedPath('19. 전기·전자', '이차전지 조립'), verified: false },
  },
  {
    code: 'NCS-FORMATION',
    name: { ko: '화성·활성화', en: 'Formation and activation' },
    description: { ko: '충방전·에이징·등급 선별', en: 'Charge–discharge, ageing and grading' },
    source: { kind: 'ncs', reference: unverifiedPath('19. 전기·전자', '이차전지 화성(활성화)'), verified: false },
  },
  {
    code: 'NCS-INSPECTION',
    name: { ko: '품질검사', en: 'Quality inspection' },
    description: { ko: '공정·출하 품질검사와 불량 분석', en: 'In-process and outgoing inspection, defect analysis' },
    source: { kind: 'ncs', reference: unverifiedPath('19. 전기·전자', '이차전지 품질검사'), verified: false },
  },
  {
    code: 'NCS-MODULE-PACK',
    name: { ko: '모듈·팩 조립', en: 'Module and pack assembly' },
    description: { ko: '모듈·팩 조립과 BMS 연결', en: 'Module and pack assembly, BMS connection' },
    source: { kind: 'ncs', reference: unverifiedPath('19. 전기·전자', '이차전지 모듈·팩 조립'), verified: false },
  },
  {
    code: 'NCS-CHEM-SAFETY',
    name: { ko: '화학물질 취급 안전', en: 'Safe handling of chemicals' },
    description: {
      ko: '전해액·양극재 등 유해화학물질의 취급과 보관',
      en: 'Handling and storing hazardous chemicals such as electrolytes and cathode powders',
    },
    source: {
      kind: 'ncs',
      reference: unverifiedPath('17. 화학·바이오 또는 23. 환경·에너지·안전', '화학물질 취급 안전'),
      verified: false,
    },
  },
  {
    code: 'NCS-MAINTENANCE',
    name: { ko: '설비 유지보수', en: 'Equipment maintenance' },
    description: {
      ko: '생산 설비의 점검·정비와 예방보전',
      en: 'Inspection, repair and preventive maintenance of production lines',
    },
    source: { kind: 'ncs', reference: unverifiedPath('15. 기계', '설비 유지보수(정비)'), verified: false },
  },
  {
    code: 'NCS-MATERIAL-ANALYSIS',
    name: { ko: '소재 성분·구조 분석', en: 'Materials composition and structure analysis' },
    description: {
      ko: '분석 장비를 이용한 성분·구조 분석',
      en: 'Composition and structure analysis with laboratory instruments',
    },
    source: { kind: 'ncs', reference: unverifiedPath('17. 화학·바이오', '화학 분석'), verified: false },
  },
  {
    code: 'NCS-DATA-ANALYSIS',
    name: { ko: '공정 데이터 분석', en: 'Process data analysis' },
    description: { ko: '제조·시험 데이터의 수집과 분석', en: 'Collecting and analysing manufacturing and test data' },
    source: { kind: 'ncs', reference: unverifiedPath('20. 정보통신', '빅데이터 분석'), verified: false },
  },
];

/** The list the programme starts from: the seven tracks, then the NCS units. */
export const seedSkillList: readonly SeedSkill[] = [...trackSkills, ...ncsSkills];

/** The demo courses' skills per track: the track's own, and the NCS units its courses train. */
export const demoSkillsByTrack: Record<Track, readonly string[]> = {
  materials: ['TRK-MATERIALS', 'NCS-CHEM-SAFETY', 'NCS-MATERIAL-ANALYSIS'],
  cell: ['TRK-CELL', 'NCS-ELECTRODE', 'NCS-ASSEMBLY', 'NCS-FORMATION'],
  pack_bms: ['TRK-PACK-BMS', 'NCS-MODULE-PACK', 'NCS-MAINTENANCE'],
  safety_testing: ['TRK-SAFETY-TESTING', 'NCS-INSPECTION', 'NCS-CHEM-SAFETY'],
  analysis: ['TRK-ANALYSIS', 'NCS-MATERIAL-ANALYSIS'],
  recycling: ['TRK-RECYCLING', 'NCS-CHEM-SAFETY'],
  data_ai: ['TRK-DATA-AI', 'NCS-DATA-ANALYSIS', 'NCS-INSPECTION'],
};

/**
 * Runs at every start, like the universities: an empty list gets the seed list. A list the city
 * has started to edit is left as it is (a retired or renamed skill stays so).
 */
export async function seedSkills(): Promise<void> {
  if (await Skill.exists({})) return;
  // Another instance starting at the same moment may seed them first: the unique code keeps one of each.
  await wroteFirst(
    Skill.insertMany(
      seedSkillList.map((s, i) => ({ ...s, order: (i + 1) * 10, active: true })),
      { ordered: false },
    ),
  );
}
