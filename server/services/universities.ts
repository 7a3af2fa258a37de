import { University } from '../../models/university';
import { NotFoundError } from '../errors';

export async function listUniversities() {
  return University.find({ active: true }).sort({ order: 1, code: 1 }).lean();
}

export async function getUniversityByCode(code: string) {
  const university = await University.findOne({ code: code.toLowerCase() }).lean();
  if (!university) throw new NotFoundError();
  return university;
}
