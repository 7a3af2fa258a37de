import { University } from '../../models/university';
import type { Bilingual } from '../lib/bilingual';
import universities from './data/universities.json';

/**
 * The eight partner universities of the cooperation agreement (data/universities.json), each acting
 * through its ICC, with the other names people search the catalog by (`aliases`).
 */
export const partnerUniversities: { code: string; name: Bilingual; aliases: string[]; centre: Bilingual }[] =
  universities;

/**
 * Creates any missing partner university; never overwrites edits made in the app. A university
 * created before aliases existed gets the seed's list once (only where it has none).
 */
export async function seedUniversities(): Promise<number> {
  let created = 0;
  for (const [order, u] of partnerUniversities.entries()) {
    const result = await University.updateOne({ code: u.code }, { $setOnInsert: { ...u, order } }, { upsert: true });
    created += result.upsertedCount;
  }
  const withoutAliases = await University.find({ aliases: { $exists: false } }, { code: 1 }).lean();
  for (const { code } of withoutAliases) {
    const aliases = partnerUniversities.find((u) => u.code === code)?.aliases;
    if (aliases) await University.updateOne({ code }, { $set: { aliases } });
  }
  return created;
}
