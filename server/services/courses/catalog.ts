import type { Types } from 'mongoose';
import { Course, type CourseDoc } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { University, type UniversityDoc } from '../../../models/university';
import type { Actor } from '../../auth/actor';
import { NotFoundError } from '../../errors';
import { applyRefusal } from '../enrollment/apply';
import { objectIdOr404 } from '../ids';
import { waitlistRanks } from '../enrollment/waitlist';
import { User } from '../../../models/user';
import { VersionedCache } from '../../lib/versioned-cache';
import { countCourse, withCount, type CourseCounts } from './counts';

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

type CatalogCourse = Omit<CourseDoc, 'description' | 'sessions'> & CourseCounts & { seatsLeft: number; universityDoc?: UniversityDoc & { _id: Types.ObjectId } };

/**
 * Every public course as a catalog card, with its university and, while published, its counts.
 * Kept in process behind the `catalog` version, which every write to courses, seats, waitlists and
 * universities changes (see models/plugins/bumps-cache-version.ts): a catalog page then costs one
 * `_id` read instead of reading every course.
 */
const catalogCache = new VersionedCache('catalog', async (): Promise<CatalogCourse[]> => {
  const [courses, universities] = await Promise.all([
    Course.find({ status: { $in: [...publicStatuses] } }, { description: 0, sessions: 0 }).lean<CatalogCourse[]>(),
    University.find().lean(),
  ]);
  const byId = new Map(universities.map((u) => [String(u._id), u]));
  return Promise.all(
    courses.map(async (c) => {
      const counts = c.status === 'published' ? await countCourse(c._id) : { seatsTaken: 0, waitlisted: 0 };
      return { ...withCount(c, counts), universityDoc: byId.get(String(c.university)) };
    }),
  );
});

function matches(course: CatalogCourse, query: CatalogQuery, now: Date): boolean {
  if (query.university && course.universityDoc?.code !== query.university) return false;
  if (query.track && course.track !== query.track) return false;
  if (query.mode && course.mode !== query.mode) return false;
  if (query.open && !(course.status === 'published' && course.enrolmentOpensAt <= now && course.enrolmentClosesAt >= now && !!course.startsAt && course.startsAt > now)) return false;
  if (query.q) {
    const needle = query.q.toLocaleLowerCase();
    return [course.title.ko, course.title.en].some((text) => text.toLocaleLowerCase().includes(needle));
  }
  return true;
}

const byId = (a: CatalogCourse, b: CatalogCourse) => String(a._id).localeCompare(String(b._id));
const time = (date: Date | null | undefined) => date?.getTime() ?? -Infinity;

/**
 * The public catalog in the order a trainee reads it: courses that have not ended, soonest start
 * first, then ended ones (and those without sessions), most recent first; 12 to a page.
 */
export async function searchCatalog(query: CatalogQuery, now = new Date()) {
  const found = (await catalogCache.get()).filter((c) => matches(c, query, now));
  const upcoming = found.filter((c) => time(c.endsAt) >= now.getTime()).sort((a, b) => time(a.startsAt) - time(b.startsAt) || byId(a, b));
  const past = found.filter((c) => time(c.endsAt) < now.getTime()).sort((a, b) => time(b.endsAt) - time(a.endsAt) || byId(a, b));
  const total = found.length;
  const pages = Math.max(1, Math.ceil(total / catalogPageSize));
  const page = Math.min(Math.max(1, query.page), pages);
  const items = [...upcoming, ...past].slice((page - 1) * catalogPageSize, page * catalogPageSize);
  return { items, total, page, pages };
}

export type ViewerState = 'login' | 'apply' | 'waitlist' | 'pending' | 'enrolled' | 'waitlisted' | 'closed' | 'notYetOpen' | 'ineligible' | 'profileIncomplete' | 'staff' | 'finished';

/** One public course with what the viewer may do on its page. */
export async function getPublicCourse(id: string, viewer?: Actor) {
  const course = await Course.findById(objectIdOr404(id)).lean<CourseDoc>();
  if (!course || !(publicStatuses as readonly string[]).includes(course.status)) throw new NotFoundError();
  const [counts, university] = await Promise.all([countCourse(course._id), University.findById(course.university).lean()]);
  const counted = withCount(course, counts);
  return { course: counted, university, ...(await viewerState(counted, viewer)) };
}

async function viewerState(course: ReturnType<typeof withCount<CourseDoc>>, viewer?: Actor): Promise<{ state: ViewerState; enrollmentId?: string; waitlistRank?: number }> {
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
