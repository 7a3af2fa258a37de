import { University } from '../../../models/university';
import { NotFoundError } from '../../errors';
import { catalogSnapshot } from '../course-base/catalog-snapshot';

/** Active universities in the agreement's order, from the catalog's cached snapshot. */
export async function listUniversities() {
  return (await catalogSnapshot()).universities;
}

export async function getUniversityByCode(code: string) {
  const university = await University.findOne({ code: code.toLowerCase() }).lean();
  if (!university) throw new NotFoundError();
  return university;
}
