import { Course, type CourseDoc, type CourseStatus } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { NotFoundError } from '../../errors';
import { applyRefusal } from '../enrollment/apply';
import { enrolmentPhase } from '../enrollment/course-ref';
import { objectIdOr404 } from '../../lib/ids';
import { pageWindow } from '../../lib/pagination';
import { waitlistRanks } from '../enrollment/waitlist';
import { User } from '../../../models/user';
import { catalogSnapshot, type CatalogCourse } from './catalog-snapshot';
import { countCourse, withCount } from './counts';

export const catalogPageSize = 12;

export interface CatalogQuery {
  q?: string;
  university?: string;
  track?: string;
  mode?: string;
  open?: boolean;
  page: number;
}

function matches(course: CatalogCourse, query: CatalogQuery, now: Date): boolean {
  if (query.university && course.universityDoc?.code !== query.university) return false;
  if (query.track && course.track !== query.track) return false;
  if (query.mode && course.mode !== query.mode) return false;
  if (query.open && enrolmentPhase(course, now) !== 'open') return false;
  if (query.q) {
    const needle = query.q.toLocaleLowerCase();
    return [course.title.ko, course.title.en].some((text) => text.toLocaleLowerCase().includes(needle));
  }
  return true;
}

/**
 * The status a visitor is shown: a published course reads "open" only while its window is, and
 * "opening soon" or "closed" otherwise. Computed for each page from the window kept in the
 * cached snapshot, since the clock moves without any write that would renew the snapshot.
 */
export function shownStatus(course: Parameters<typeof enrolmentPhase>[0], now: Date): CourseStatus | 'upcoming' {
  const phase = enrolmentPhase(course, now);
  return phase === 'opensLater' ? 'upcoming' : phase === 'ended' ? 'closed' : course.status;
}

const byId = (a: CatalogCourse, b: CatalogCourse) => String(a._id).localeCompare(String(b._id));
const time = (date: Date | null | undefined) => date?.getTime() ?? -Infinity;

/**
 * The public catalog in the order a trainee reads it: courses that have not ended, soonest start
 * first, then ended ones (and those without sessions), most recent first; 12 to a page.
 */
export async function searchCatalog(query: CatalogQuery, now = new Date()) {
  const found = (await catalogSnapshot()).courses.filter((c) => matches(c, query, now));
  const upcoming = found
    .filter((c) => time(c.endsAt) >= now.getTime())
    .sort((a, b) => time(a.startsAt) - time(b.startsAt) || byId(a, b));
  const past = found
    .filter((c) => time(c.endsAt) < now.getTime())
    .sort((a, b) => time(b.endsAt) - time(a.endsAt) || byId(a, b));
  const total = found.length;
  const { page, pages, skip } = pageWindow(total, query.page, catalogPageSize);
  const items = [...upcoming, ...past]
    .slice(skip, skip + catalogPageSize)
    .map((c) => ({ ...c, shownStatus: shownStatus(c, now) }));
  return { items, total, page, pages };
}

export type ViewerState =
  | 'login'
  | 'apply'
  | 'waitlist'
  | 'pending'
  | 'enrolled'
  | 'waitlisted'
  | 'closed'
  | 'notYetOpen'
  | 'ineligible'
  | 'profileIncomplete'
  | 'staff'
  | 'finished';

/** A course that visitors may see (published, closed or completed) with its catalog card; anything else → 404. */
export async function loadPublicCourse(id: string): Promise<{ course: CourseDoc; card: CatalogCourse }> {
  const [course, snapshot] = await Promise.all([
    Course.findById(objectIdOr404(id)).lean<CourseDoc>(),
    catalogSnapshot(),
  ]);
  const card = course && snapshot.byId.get(String(course._id));
  if (!course || !card) throw new NotFoundError();
  return { course, card };
}

/**
 * One public course with what the viewer may do on its page. A published course's counts and
 * university come from the catalog snapshot (kept current by its version); a closed or
 * completed course's counts, which the snapshot leaves out, are counted here.
 */
export async function getPublicCourse(id: string, viewer?: Actor, now = new Date()) {
  const { course, card } = await loadPublicCourse(id);
  const counts =
    card.status === 'published'
      ? { seatsTaken: card.seatsTaken, waitlisted: card.waitlisted }
      : await countCourse(course._id);
  const counted = withCount(course, counts);
  return {
    course: { ...counted, shownStatus: shownStatus(course, now) },
    university: card.universityDoc ?? null,
    ...(await viewerState(counted, viewer, now)),
  };
}

/** What the apply box offers: the trainee's own application first, then whether the window is open, then who is asking. */
async function viewerState(
  course: ReturnType<typeof withCount<CourseDoc>>,
  viewer: Actor | undefined,
  now: Date,
): Promise<{ state: ViewerState; enrollmentId?: string; waitlistRank?: number }> {
  const enrollment =
    viewer?.role === 'trainee' ? await Enrollment.findOne({ course: course._id, trainee: viewer.id }).lean() : null;
  const enrollmentId = enrollment ? String(enrollment._id) : undefined;
  if (enrollment?.status === 'waitlisted')
    return { state: 'waitlisted', enrollmentId, waitlistRank: (await waitlistRanks(course._id)).get(enrollmentId!) };
  if (enrollment?.status === 'pending' || enrollment?.status === 'enrolled')
    return { state: enrollment.status, enrollmentId };
  if (enrollment?.status === 'completed' || enrollment?.status === 'not_completed')
    return { state: 'finished', enrollmentId };
  const phase = enrolmentPhase(course, now);
  if (phase === 'opensLater') return { state: 'notYetOpen' };
  if (phase !== 'open') return { state: 'closed' };
  if (!viewer) return { state: 'login' };
  if (viewer.role !== 'trainee') return { state: 'staff' };
  const user = await User.findById(viewer.id).lean();
  const refusal = applyRefusal(course, user?.trainee?.category, now);
  if (refusal === 'enrollment.errors.ineligible') return { state: 'ineligible' };
  if (refusal === 'enrollment.errors.profileIncomplete') return { state: 'profileIncomplete' };
  if (refusal) return { state: 'closed' };
  return { state: course.seatsLeft > 0 && course.waitlisted === 0 ? 'apply' : 'waitlist' };
}
