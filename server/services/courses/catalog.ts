import { type CourseDoc, type CourseStatus } from '../../../models/course';
import type { Actor } from '../../auth/actor';
import { NotFoundError } from '../../errors';
import { applyRefusal, mayApplyAgain } from '../enrollment/apply-rules';
import { ownEnrollment, ownEnrollments } from '../enrollment/own-enrollment';
import { enrolmentPhase } from '../course-base/course-ref';
import { objectIdOr404 } from '../../lib/ids';
import { pageWindow } from '../../lib/pagination';
import { matchesAll, searchMatchers, type TermMatcher } from '../../lib/search-text';
import { heldWaitlistRanks } from '../course-base/waitlist-ranks';
import { timeHoldingStatuses, overlappingSession } from '../enrollment/timetable';
import {
  catalogSnapshot,
  coursesByIds,
  publicCourseDetails,
  type CatalogCourse,
  type CatalogSnapshot,
} from '../course-base/catalog-snapshot';
import { countsOf, heldCounts, withCatalogCounts } from './catalog-counts';
import { withCount } from './counts';

export const catalogPageSize = 12;
export const catalogSorts = ['start', 'newest', 'seats'] as const;
export type CatalogSort = (typeof catalogSorts)[number];

export interface CatalogQuery {
  q?: string;
  university?: string;
  track?: string;
  mode?: string;
  level?: string;
  /** `YYYY-MM`: courses whose first session falls in that month (Asia/Seoul). */
  month?: string;
  open?: boolean;
  /** Only the courses the signed-in trainee may apply for now (ignored for anyone else). */
  eligible?: boolean;
  sort?: CatalogSort;
  page: number;
}

function matches(course: CatalogCourse, query: CatalogQuery, terms: readonly TermMatcher[], now: Date): boolean {
  if (query.university && course.universityDoc?.code !== query.university) return false;
  if (query.track && course.track !== query.track) return false;
  if (query.mode && course.mode !== query.mode) return false;
  if (query.level && course.level !== query.level) return false;
  if (query.month && course.startMonth !== query.month) return false;
  if (query.open && enrolmentPhase(course, now) !== 'open') return false;
  return matchesAll(course.searchText, terms);
}

/** The public courses that match a search and filters, in no order (the API pages them its own way). */
export async function matchingCourses(query: Omit<CatalogQuery, 'page' | 'eligible'>, now = new Date()) {
  const snapshot = await catalogSnapshot();
  const terms = searchMatchers(query.q ?? '');
  return snapshot.courses.filter((c) => matches(c, { ...query, page: 1 }, terms, now));
}

/**
 * "May this trainee apply for the course now?", by the apply service's own rules: applyRefusal
 * (published, window open, category eligible), mayApplyAgain (no application standing) and, apart
 * (`clashing`), the timetable. A
 * full course still takes applications onto its waitlist, which has no limit, so seats need no
 * test. The category is the signed-in account's; the trainee's few enrollments are held
 * (enrollment/own-enrollment.ts).
 */
async function applicableFor(trainee: Actor, now: Date): Promise<Applicable> {
  const enrollments = await ownEnrollments(trainee.id);
  const statusOf = new Map(enrollments.map((e) => [String(e.course), e.status]));
  const holding = enrollments.filter((e) => timeHoldingStatuses.includes(e.status)).map((e) => String(e.course));
  return {
    allows: (course) => !applyRefusal(course, trainee.category, now) && mayApplyAgain(statusOf.get(String(course._id))),
    holding,
  };
}

interface Applicable {
  /** The apply service's quick rules, from the card alone. */
  allows: (course: CatalogCourse) => boolean;
  /** Courses holding the trainee's time (timetable.ts): an application to a course meeting at the same hour is refused. */
  holding: string[];
}

const overlaps = (a: CatalogCourse, b: CatalogCourse) =>
  !!a.startsAt && !!a.endsAt && !!b.startsAt && !!b.endsAt && a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/**
 * The courses the trainee could not apply for because a session clashes with a course holding
 * their time, by the apply service's own test (overlappingSession). Only courses whose first-to-last
 * span meets a held course's are compared session by session, from the snapshot's shared copies.
 */
async function clashing(found: readonly CatalogCourse[], holding: readonly string[], snapshot: CatalogSnapshot) {
  const held = holding.flatMap((id) => snapshot.byId.get(id) ?? []);
  const suspects = found.filter((c) => held.some((h) => String(h._id) !== String(c._id) && overlaps(c, h)));
  if (suspects.length === 0) return new Set<string>();
  const courses = await coursesByIds([...held, ...suspects].map((c) => c._id));
  return new Set(
    suspects
      .filter((c) => {
        const course = courses.get(String(c._id));
        return held.some((h) => {
          const other = courses.get(String(h._id));
          return !!course && !!other && String(h._id) !== String(c._id) && !!overlappingSession(course, other);
        });
      })
      .map((c) => String(c._id)),
  );
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

/** Courses that have not ended, soonest start first, then ended ones (and those without sessions), most recent first. */
function byStart<T extends CatalogCourse>(found: T[], now: Date): T[] {
  const upcoming = found
    .filter((c) => time(c.endsAt) >= now.getTime())
    .sort((a, b) => time(a.startsAt) - time(b.startsAt) || byId(a, b));
  const past = found
    .filter((c) => time(c.endsAt) < now.getTime())
    .sort((a, b) => time(b.endsAt) - time(a.endsAt) || byId(a, b));
  return [...upcoming, ...past];
}

type CountedCourse = CatalogCourse & { seatsTaken: number; waitlisted: number; seatsLeft: number };

/** The orders that need no counts. */
const orders: Record<Exclude<CatalogSort, 'seats'>, <T extends CatalogCourse>(found: T[], now: Date) => T[]> = {
  start: byStart,
  /** Most recently published first. */
  newest: (found) =>
    [...found].sort((a, b) => time(b.publishedAt ?? b.createdAt) - time(a.publishedAt ?? a.createdAt) || byId(a, b)),
};

/**
 * Courses taking applications now, most seats left first (ties by start), then the rest by
 * start: only an open course's free seats can be had, and a closed course keeps no count.
 */
function bySeats(found: CountedCourse[], now: Date): CountedCourse[] {
  const ordered = byStart(found, now);
  const open = new Set(ordered.filter((c) => enrolmentPhase(c, now) === 'open'));
  return [...[...open].sort((a, b) => b.seatsLeft - a.seatsLeft), ...ordered.filter((c) => !open.has(c))];
}

/**
 * The public catalog: the cached snapshot's courses (catalog-snapshot.ts) filtered, searched and
 * sorted in memory, 12 to a page, with their counts (catalog-counts.ts), so a search costs the
 * snapshot's and the counts' versions (one query) and no query over the courses (which the engine
 * would answer by reading every one). Search words must all occur, each as part of the title,
 * summary, an instructor, the university's name or one of its other names, or the code; spacing
 * does not matter and a consonant stands for any syllable it starts (search-text.ts).
 * Also answers the filter choices: active universities and the months courses start in.
 */
export async function searchCatalog(query: CatalogQuery, viewer?: Actor, now = new Date()) {
  const [snapshot, held, applicable] = await Promise.all([
    catalogSnapshot(),
    heldCounts(),
    query.eligible && viewer?.role === 'trainee' ? applicableFor(viewer, now) : undefined,
  ]);
  const terms = searchMatchers(query.q ?? '');
  const matching = snapshot.courses.filter(
    (c) => matches(c, query, terms, now) && (!applicable || applicable.allows(c)),
  );
  const clashes = applicable ? await clashing(matching, applicable.holding, snapshot) : new Set<string>();
  const found = clashes.size ? matching.filter((c) => !clashes.has(String(c._id))) : matching;
  const total = found.length;
  const { page, pages, skip } = pageWindow(total, query.page, catalogPageSize);
  const sort = query.sort ?? 'start';
  // Only sorting by seats needs every found course's counts; otherwise the page's twelve.
  const shown =
    sort === 'seats'
      ? bySeats(await withCatalogCounts(held, found), now).slice(skip, skip + catalogPageSize)
      : await withCatalogCounts(held, orders[sort](found, now).slice(skip, skip + catalogPageSize));
  const items = shown.map((c) => ({ ...c, shownStatus: shownStatus(c, now) }));
  return { items, total, page, pages, universities: snapshot.universities, startMonths: snapshot.startMonths };
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
  const snapshot = await catalogSnapshot();
  const card = snapshot.byId.get(String(objectIdOr404(id)));
  const course = card && (await publicCourseDetails(snapshot, card));
  if (!card || !course) throw new NotFoundError();
  return { course, card };
}

/**
 * One public course with what the viewer may do on its page. A published course's counts and
 * university come from the catalog snapshot (kept current by its version); a closed or
 * completed course's counts, which the snapshot leaves out, are counted here. `sources`: the
 * shared objects the course's facts come from, each replaced when they change (the whole course,
 * its counts, its university), so that what is drawn from them can be kept.
 */
export async function getPublicCourse(id: string, viewer?: Actor, now = new Date()) {
  const [{ course, card }, held] = await Promise.all([loadPublicCourse(id), heldCounts()]);
  const counts = (await countsOf(held, [course._id])).get(String(course._id))!;
  const counted = withCount(course, counts);
  return {
    course: { ...counted, shownStatus: shownStatus(course, now) },
    university: card.universityDoc ?? null,
    sources: [course, counts, card.universityDoc] as const,
    ...(await viewerState(counted, viewer, now)),
  };
}

/** What the apply box offers: the trainee's own application first, then whether the window is open, then who is asking. */
async function viewerState(
  course: ReturnType<typeof withCount<CourseDoc>>,
  viewer: Actor | undefined,
  now: Date,
): Promise<{ state: ViewerState; enrollmentId?: string; waitlistRank?: number }> {
  const enrollment = viewer?.role === 'trainee' ? await ownEnrollment(viewer.id, course._id) : null;
  const enrollmentId = enrollment ? String(enrollment._id) : undefined;
  if (enrollment?.status === 'waitlisted')
    return {
      state: 'waitlisted',
      enrollmentId,
      waitlistRank: (await heldWaitlistRanks(course._id)).get(enrollmentId!),
    };
  if (enrollment?.status === 'pending' || enrollment?.status === 'enrolled')
    return { state: enrollment.status, enrollmentId };
  if (enrollment?.status === 'completed' || enrollment?.status === 'not_completed')
    return { state: 'finished', enrollmentId };
  const phase = enrolmentPhase(course, now);
  if (phase === 'opensLater') return { state: 'notYetOpen' };
  if (phase !== 'open') return { state: 'closed' };
  if (!viewer) return { state: 'login' };
  if (viewer.role !== 'trainee') return { state: 'staff' };
  const refusal = applyRefusal(course, viewer.category, now);
  if (refusal === 'enrollment.errors.ineligible') return { state: 'ineligible' };
  if (refusal === 'enrollment.errors.profileIncomplete') return { state: 'profileIncomplete' };
  if (refusal) return { state: 'closed' };
  return { state: course.seatsLeft > 0 && course.waitlisted === 0 ? 'apply' : 'waitlist' };
}
