import type { Track } from '../../models/course';

type Text = { ko: string; en: string };

/** Course titles per track (Korean with English), the battery value chain of DESIGN.md section 2. */
export const demoTitles: Record<Track, [Text, Text][]> = {
  materials: [
    [
      { ko: '하이니켈 양극재 합성과 소성 공정', en: 'High-nickel cathode synthesis and calcination' },
      {
        ko: 'NCM·NCA 양극재의 조성 설계부터 소성까지 실습합니다.',
        en: 'From NCM/NCA composition design to calcination, hands-on.',
      },
    ],
    [
      { ko: '실리콘 음극재 기초', en: 'Silicon anode fundamentals' },
      {
        ko: '실리콘-탄소 복합 음극의 팽창 제어 원리를 배웁니다.',
        en: 'How silicon-carbon composite anodes control swelling.',
      },
    ],
    [
      { ko: '전해질·분리막 소재 이해', en: 'Electrolytes and separators' },
      {
        ko: '액체·고체 전해질과 분리막의 역할과 평가법.',
        en: 'Liquid and solid electrolytes, separators and how they are evaluated.',
      },
    ],
  ],
  cell: [
    [
      { ko: '리튬이온 셀 설계와 조립 실무', en: 'Lithium-ion cell design and assembly' },
      { ko: '파우치 셀을 직접 설계하고 조립합니다.', en: 'Design and assemble a pouch cell yourself.' },
    ],
    [
      { ko: '전극 코팅·캘린더링 공정', en: 'Electrode coating and calendering' },
      {
        ko: '슬러리 제조부터 코팅, 압연까지 공정 변수를 다룹니다.',
        en: 'Slurry, coating and calendering process parameters.',
      },
    ],
    [
      { ko: '화성·에이징 공정과 품질관리', en: 'Formation, ageing and quality control' },
      { ko: '셀 활성화 공정과 불량 분석.', en: 'Cell formation and defect analysis.' },
    ],
  ],
  pack_bms: [
    [
      { ko: 'BMS 알고리즘 입문', en: 'Introduction to BMS algorithms' },
      { ko: 'SOC·SOH 추정과 셀 밸런싱을 실습합니다.', en: 'SOC/SOH estimation and cell balancing, hands-on.' },
    ],
    [
      { ko: '전기차 배터리 팩 설계', en: 'EV battery pack design' },
      {
        ko: '모듈·팩 구조, 열관리, 기계적 안전 설계.',
        en: 'Module and pack structure, thermal management and mechanical safety.',
      },
    ],
  ],
  safety_testing: [
    [
      { ko: '배터리 안전성 시험과 인증', en: 'Battery safety testing and certification' },
      {
        ko: '과충전·단락·관통 시험과 국제 인증 기준.',
        en: 'Overcharge, short-circuit and nail tests, and international standards.',
      },
    ],
    [
      { ko: '전기차 배터리 성능평가 실무', en: 'EV battery performance evaluation' },
      {
        ko: '이차전지 종합관리센터 장비로 성능을 평가합니다.',
        en: "Performance evaluation on the centre's test equipment.",
      },
    ],
  ],
  analysis: [
    [
      { ko: '방사광 가속기를 활용한 배터리 소재 분석', en: 'Synchrotron analysis of battery materials' },
      {
        ko: '포항가속기연구소 빔라인에서 XAS·XRD 분석을 체험합니다.',
        en: 'XAS and XRD at the Pohang Accelerator Laboratory beamlines.',
      },
    ],
    [
      { ko: '전자현미경 기반 전극 미세구조 분석', en: 'Electron microscopy of electrode microstructure' },
      { ko: 'SEM·TEM 시료 준비와 해석.', en: 'SEM/TEM sample preparation and interpretation.' },
    ],
  ],
  recycling: [
    [
      { ko: '사용후 배터리 재사용·재활용 공정', en: 'Reuse and recycling of spent batteries' },
      { ko: '방전·해체·블랙매스 처리와 습식 제련.', en: 'Discharge, dismantling, black mass and hydrometallurgy.' },
    ],
    [
      { ko: 'ESS 재사용 배터리 등급 판정', en: 'Grading second-life batteries for ESS' },
      { ko: '잔존 수명 평가와 재사용 기준.', en: 'Remaining-life assessment and reuse criteria.' },
    ],
  ],
  data_ai: [
    [
      { ko: '배터리 데이터 분석과 AI 수명 예측', en: 'Battery data analytics and AI life prediction' },
      { ko: '충방전 데이터로 수명 예측 모델을 만듭니다.', en: 'Build life-prediction models from cycling data.' },
    ],
    [
      { ko: '스마트 팩토리 공정 데이터 활용', en: 'Process data in the smart battery factory' },
      { ko: '공정 데이터 수집과 이상 탐지.', en: 'Collecting process data and detecting anomalies.' },
    ],
  ],
};

export const demoVenues = [
  '포항가속기연구소',
  '이차전지 종합관리센터',
  'RIST 이차전지 소재연구센터',
  '포스텍 철강에너지소재대학원',
  '포항테크노파크',
  '포항금속소재산업진흥원',
  '나노융합기술원',
  '포스코 미래기술연구원',
];

export const demoInstructors = [
  '김소연 교수',
  '박준혁 박사',
  '이하늘 책임연구원',
  '정민재 교수',
  '최유진 박사',
  '한도윤 수석',
  '윤서아 교수',
  '오태경 박사',
];

export const demoLearners = [
  '김민준',
  '이서연',
  '박도윤',
  '최지우',
  '정하준',
  '강서윤',
  '조은우',
  '윤지호',
  '장수아',
  '임시우',
  '한예린',
  '오건우',
  '서하은',
  '신유찬',
  '권나은',
  '황주원',
  '안채원',
  '송민성',
  '류지안',
  '홍승민',
];
