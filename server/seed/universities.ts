import { University } from '../../models/university';
import type { Bilingual } from '../lib/bilingual';
import universities from './data/universities.json';

/** The eight partner universities of the cooperation agreement (data/universities.json), each acting through its ICC. */
export const partnerUniversities: { code: string; name: Bilingual; centre: Bilingual }[] = universities;

/** Creates any missing partner university; never overwrites edits made in the app. */
export async function seedUniversities(): Promise<number> {
  let created = 0;
  for (const [order, u] of partnerUniversities.entries()) {
    const result = await University.updateOne({ code: u.code }, { $setOnInsert: { ...u, order } }, { upsert: true });
    created += result.upsertedCount;
  }
  return created;
}
