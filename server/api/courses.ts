import { z } from 'zod';
import type { CourseDoc } from '../../models/course';
import type { CatalogCourse, CatalogUniversity } from '../services/course-base/catalog-snapshot';
import { loadPublicCourse, matchingCourses, shownStatus } from '../services/courses/catalog';
import { decodeCursor, encodeCursor } from './cursor';
import type { course as courseSchema, CourseListQuery, courseDetail, coursePage } from './schemas';

type Course = z.infer<typeof courseSchema>;

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

function universityOf(doc: CatalogUniversity | undefined) {
  return doc ? { id: String(doc._id), code: doc.code, name: { ko: doc.name.ko, en: doc.name.en } } : null;
}

/** A catalog card as the API shows it: public facts only (no instructors or staff, no counts that change by the second). */
function courseOf(card: CatalogCourse, baseUrl: string, now: Date): Course {
  const status = shownStatus(card, now);
  return {
    id: String(card._id),
    code: card.code,
    title: { ko: card.title.ko, en: card.title.en },
    summary: { ko: card.summary?.ko ?? '', en: card.summary?.en ?? '' },
    university: universityOf(card.universityDoc),
    track: card.track,
    level: card.level ?? 'beginner',
    mode: card.mode,
    // A public course is never a draft or cancelled; shownStatus names its window.
    status: status === 'draft' || status === 'cancelled' ? 'closed' : status,
    capacity: card.capacity,
    totalHours: card.totalHours ?? 0,
    startsAt: iso(card.startsAt),
    endsAt: iso(card.endsAt),
    enrolmentOpensAt: card.enrolmentOpensAt.toISOString(),
    enrolmentClosesAt: card.enrolmentClosesAt.toISOString(),
    approvalRequired: !!card.approvalRequired,
    eligibleCategories: [...(card.eligibleCategories ?? [])],
    url: `${baseUrl}/courses/${String(card._id)}`,
  };
}

/** The order of each sort: a key and the id, so that a page follows on from a cursor whatever changed since. */
const sortKeys: Record<CourseListQuery['sort'], (c: CatalogCourse) => number> = {
  id: () => 0,
  start: (c) => c.startsAt?.getTime() ?? Number.MAX_SAFE_INTEGER,
};

type Position = [key: number, id: string];

const after = ([key, id]: Position, [k, i]: Position) => k > key || (k === key && i > id);

const positionSchema = z.tuple([z.number(), z.string().regex(/^[0-9a-f]{24}$/)]);

/**
 * A page of public courses: the catalog's search and filters over its in-memory snapshot, in a
 * stable order (a key, then the id), `limit` to a page, the next page starting after the last one
 * shown, so a course added or changed meanwhile is neither skipped twice nor shown twice.
 */
export async function listCourses(
  query: CourseListQuery,
  baseUrl: string,
  now = new Date(),
): Promise<z.infer<typeof coursePage>> {
  const { sort, limit, cursor, open, ...filters } = query;
  const key = sortKeys[sort];
  const position = (c: CatalogCourse): Position => [key(c), String(c._id)];
  const from = cursor ? decodeCursor(cursor, positionSchema) : undefined;
  const found = (await matchingCourses({ ...filters, open: open === 'true' }, now))
    .map((c) => ({ card: c, at: position(c) }))
    .filter(({ at }) => !from || after(from, at))
    .sort((a, b) => a.at[0] - b.at[0] || a.at[1].localeCompare(b.at[1]));
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ card }) => courseOf(card, baseUrl, now)),
    nextCursor: found.length > limit && last ? encodeCursor(last.at) : null,
  };
}

/** One public course with its sessions; any other id is not found. */
export async function showCourse(id: string, baseUrl: string, now = new Date()): Promise<z.infer<typeof courseDetail>> {
  const { course, card } = await loadPublicCourse(id);
  const full: CourseDoc = course;
  return {
    ...courseOf(card, baseUrl, now),
    description: { ko: full.description?.ko ?? '', en: full.description?.en ?? '' },
    venue: full.venue ?? '',
    sessions: [...full.sessions]
      .sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start))
      .map((s) => ({ date: s.date, start: s.start, end: s.end, topic: s.topic ?? '' })),
  };
}
