import { tracks } from '../../models/course';
import { Skill, type SkillSource } from '../../models/skill';
import type { Bilingual } from '../lib/bilingual';
import { wroteFirst } from '../lib/duplicate-key';
import seedData from './data/skills.json';

interface SeedSkill {
  code: string;
  name: Bilingual;
  description: Bilingual;
  source: { kind: SkillSource; reference: string; verified: boolean };
}

/**
 * Where the NCS entries come from: the NCS (국가직무능력표준, ncs.go.kr) classification is
 * 대분류 > 중분류 > 소분류 > 세분류, and each 세분류 holds 능력단위 (units). The major categories
 * named in data/skills.json (15 기계, 17 화학·바이오, 19 전기·전자, 20 정보통신, 23 환경·에너지·안전)
 * are the NCS's own; the lower levels and the units' codes were NOT checked when the list was
 * written, so every NCS entry is stored unverified (`verified: false`, shown as "to be verified
 * against ncs.go.kr") until city staff confirm the code on ncs.go.kr and tick the box.
 */
const unverifiedPath = (major: string, unit: string) =>
  `NCS ${major} > (중·소·세분류 확인 필요) > 능력단위 「${unit}」 — 코드는 NCS 누리집에서 확인 필요`;

/** Where a track skill comes from, in words a reader knows: the programme's own field by its Korean name. */
const trackReference = (name: string) => `포항시·대학 이차전지 인재양성 협약의 교육 분야: ${name}`;

/** What the seed said before (`프로그램 분야: materials (DESIGN.md 2절)`): a code and a file name no reader knows. */
const legacyTrackReference = /^프로그램 분야: ([a-z_]+) \(DESIGN\.md 2절\)$/;

/** The programme's seven tracks (models/course.ts `tracks`, DESIGN.md section 2), one skill each. */
const trackSkills: SeedSkill[] = tracks.map((track) => ({
  code: `TRK-${track.replace('_', '-').toUpperCase()}`,
  ...seedData.tracks[track],
  source: { kind: 'track', reference: trackReference(seedData.tracks[track].name.ko), verified: true },
}));

/** Units of the national competency standards relevant to battery manufacturing. */
const ncsSkills: SeedSkill[] = seedData.ncs.map(({ ncsMajor, ncsUnit, ...skill }) => ({
  ...skill,
  source: { kind: 'ncs', reference: unverifiedPath(ncsMajor, ncsUnit), verified: false },
}));

/** The list the programme starts from: the seven tracks, then the NCS units. */
export const seedSkillList: readonly SeedSkill[] = [...trackSkills, ...ncsSkills];

/**
 * Runs at every start, like the universities: an empty list gets the seed list. A list the city
 * has started to edit is left as it is (a retired or renamed skill stays so).
 */
export async function seedSkills(): Promise<void> {
  if (await Skill.exists({})) return renameLegacyReferences();
  // Another instance starting at the same moment may seed them first: the unique code keeps one of each.
  await wroteFirst(
    Skill.insertMany(
      seedSkillList.map((s, i) => ({ ...s, order: (i + 1) * 10, active: true })),
      { ordered: false },
    ),
  );
}

/**
 * Rewrites the track skills' source as the first seed wrote it (a track code and a design file)
 * in words, once: one read of the track skills by equality, a write only where the old text remains.
 * A source city staff have edited since is left as they wrote it.
 */
async function renameLegacyReferences(): Promise<void> {
  for (const skill of await Skill.find({ 'source.kind': 'track' }, { source: 1 }).lean()) {
    const track = legacyTrackReference.exec(skill.source.reference ?? '')?.[1];
    const name = track && (seedData.tracks as Record<string, { name: Bilingual } | undefined>)[track]?.name.ko;
    if (name)
      await Skill.updateOne(
        { _id: skill._id, 'source.reference': skill.source.reference },
        { $set: { 'source.reference': trackReference(name) } },
      );
  }
}
