import { Types, type FilterQuery } from 'mongoose';
import { Course, type CourseDoc } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { University } from '../../../models/university';
import type { Actor } from '../../auth/actor';
import { NotFoundError } from '../../errors';
import { applyRefusal } from '../enrollment/apply';
import { objectIdOr404 } from '../ids';
import { waitlistRanks } from '../enrollment/waitlist';
import { User } from '../../../models/user';
import { withCounts } from './counts';

export const publicStatuses = ['published', 'closed', 'completed'] as const;
export const catalogPageSize = 12;

export interface CatalogQuery {
  q?: string;
  university?: string;
  track?: string;
  mode?: string;
  open?: boolean;
  page: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One page of the catalog in the order a trainee reads it: courses that have not ended, soonest
 * start first, then ended ones, most recent first. Two queries, each sorted by the index, with the
 * page cut across the boundary: page p starts at offset (p-1)·size of the concatenated list.
 */
async function upcomingThenPast(filter: FilterQuery<CourseDoc>, requested: number, now: Date) {
  const upcoming: FilterQuery<CourseDoc> = { $and: [filter, { endsAt: { $gte: now } }] };
  const past: FilterQuery<CourseDoc> = { $and: [filter, { $nor: [{ endsAt: { $gte: now } }] }] };
  const [upcomingTotal, pastTotal] = await Promise.all([Course.countDocuments(upcoming), Course.countDocuments(past)]);
  const total = upcomingTotal + pastTotal;
  const pages = Math.max(1, Math.ceil(total / catalogPageSize));
  const page = Math.min(Math.max(1, requested), pages);
  const offset = (page - 1) * catalogPageSize;
  const first = offset < upcomingTotal
    ? await Course.find(upcoming).sort({ startsAt: 1, _id: 1 }).skip(offset).limit(catalogPageSize).lean<CourseDoc[]>()
    : [];
  const rest = catalogPageSize - first.length;
  const second = rest > 0
    ? await Course.find(past).sort({ endsAt: -1, _id: 1 }).skip(Math.max(0, offset - upcomingTotal)).limit(rest).lean<CourseDoc[]>()
    : [];
  return { total, page, pages, courses: [...first, ...second] };
}

/** The public catalog: published, closed and completed courses matching the filters, upcoming first. */
export async function searchCatalog(query: CatalogQuery, now = new Date()) {
  const filter: FilterQuery<CourseDoc> = { status: { $in: [...publicStatuses] } };
  if (query.q) {
    const pattern = { $regex: escapeRegExp(query.q), $options: 'i' };
    filter.$or = [{ 'title.ko': pattern }, { 'title.en': pattern }];
  }
  if (query.university) {
    const university = await University.findOne({ code: query.university }).lean();
    // An unknown code matches nothing rather than being ignored.
    filter.university = university?._id ?? new Types.ObjectId('000000000000000000000000');
  }
  if (query.track) filter.track = query.track;
  if (query.mode) filter.mode = query.mode;
  if (query.open) Object.assign(filter, { status: 'published', enrolmentOpensAt: { $lte: now }, enrolmentClosesAt: { $gte: now }, startsAt: { $gt: now } });
  const { total, page, pages, courses } = await upcomingThenPast(filter, query.page, now);
  const universities = new Map((await University.find({ _id: { $in: courses.map((c) => c.university) } }).lean()).map((u) => [String(u._id), u]));
  const items = (await withCounts(courses)).map((c) => ({ ...c, universityDoc: universities.get(String(c.university)) }));
  return { items, total, page, pages };
}

export type ViewerState = 'login' | 'apply' | 'waitlist' | 'pending' | 'enrolled' | 'waitlisted' | 'closed' | 'notYetOpen' | 'ineligible' | 'profileIncomplete' | 'staff' | 'finished';

/** One public course with what the viewer may do on its page. */
export async function getPublicCourse(id: string, viewer?: Actor) {
  const course = await Course.findOne({ _id: objectIdOr404(id), status: { $in: [...publicStatuses] } }).lean<CourseDoc>();
  if (!course) throw new NotFoundError();
  const [withCount] = await withCounts([course]);
  const university = await University.findById(course.university).lean();
  const viewing = await viewerState(withCount!, viewer);
  return { course: withCount!, university, ...viewing };
}

async function viewerState(course: Awaited<ReturnType<typeof withCounts<CourseDoc>>>[number], viewer?: Actor): Promise<{ state: ViewerState; enrollmentId?: string; waitlistRank?: number }> {
  if (!viewer) return { state: 'login' };
  if (viewer.role !== 'trainee') return { state: 'staff' };
  const enrollment = await Enrollment.findOne({ course: course._id, trainee: viewer.id }).lean();
  const enrollmentId = enrollment ? String(enrollment._id) : undefined;
  if (enrollment?.status === 'waitlisted') return { state: 'waitlisted', enrollmentId, waitlistRank: (await waitlistRanks(course._id)).get(enrollmentId!) };
  if (enrollment?.status === 'pending' || enrollment?.status === 'enrolled') return { state: enrollment.status, enrollmentId };
  if (enrollment?.status === 'completed' || enrollment?.status === 'not_completed') return { state: 'finished', enrollmentId };
  const user = await User.findById(viewer.id).lean();
  const refusal = applyRefusal(course, user?.trainee?.category);
  if (refusal === 'enrollment.errors.notOpenYet') return { state: 'notYetOpen' };
  if (refusal === 'enrollment.errors.ineligible') return { state: 'ineligible' };
  if (refusal === 'enrollment.errors.profileIncomplete') return { state: 'profileIncomplete' };
  if (refusal) return { state: 'closed' };
  return { state: course.seatsLeft > 0 && course.waitlisted === 0 ? 'apply' : 'waitlist' };
}
