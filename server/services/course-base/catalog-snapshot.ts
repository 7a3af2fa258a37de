import { readCacheVersion } from '../../../models/cache-version';
import type { Types } from 'mongoose';
import { Course, type CourseDoc } from '../../../models/course';
import { University, type UniversityDoc } from '../../../models/university';
import { seoulDayOf } from '../../lib/calendar';
import { searchable, type SearchText } from '../../lib/search-text';
import { VersionedCache } from '../../lib/versioned-cache';

export const publicStatuses = ['published', 'closed', 'completed'] as const;

export type CatalogUniversity = UniversityDoc & { _id: Types.ObjectId };
type CourseRow = Omit<CourseDoc, 'description' | 'sessions'>;
/** A catalog card without its counts, which change with every seat (catalog-counts.ts). */
export type CatalogCourse = CourseRow & {
  universityDoc?: CatalogUniversity;
  /**
   * Title, summary, instructors, university name (both languages) and other names (aliases), and
   * code, normalised for search without spaces and by initial consonant (search-text.ts).
   */
  searchText: SearchText;
  /** `YYYY-MM` of the first session in Asia/Seoul; none without sessions. */
  startMonth?: string;
};

export interface CatalogMonth {
  value: string;
  text: { ko: string; en: string };
}

export interface CatalogSnapshot {
  /** Every public course as a catalog card, with its university. */
  courses: CatalogCourse[];
  /** The same cards by course id. */
  byId: Map<string, CatalogCourse>;
  /** Active universities in the agreement's order. */
  universities: CatalogUniversity[];
  /** Every university, active or not, by id. */
  universityById: Map<string, CatalogUniversity>;
  /** The months in which public courses start, latest first (upcoming months lead the list). */
  startMonths: CatalogMonth[];
  /** Whole public courses (with description and sessions) read so far under this version, by id. */
  details: Map<string, Promise<CourseDoc | null>>;
}

const monthNames = {
  ko: new Intl.DateTimeFormat('ko-KR', { year: 'numeric', month: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', timeZone: 'UTC' }),
};

function catalogMonth(value: string): CatalogMonth {
  const day = new Date(`${value}-01T00:00:00Z`);
  return { value, text: { ko: monthNames.ko.format(day), en: monthNames.en.format(day) } };
}

function searchTextOf(course: CourseRow, university: CatalogUniversity | undefined): SearchText {
  return searchable([
    course.title.ko,
    course.title.en,
    course.summary?.ko,
    course.summary?.en,
    ...course.instructors,
    university?.name.ko,
    university?.name.en,
    ...(university?.aliases ?? []),
    course.code,
  ]);
}

async function buildSnapshot(): Promise<CatalogSnapshot> {
  const [courses, universities] = await Promise.all([
    Course.find({ status: { $in: [...publicStatuses] } }, { description: 0, sessions: 0 }).lean<CourseRow[]>(),
    University.find().lean<CatalogUniversity[]>(),
  ]);
  const universityById = new Map(universities.map((u) => [String(u._id), u]));
  const cards = courses.map((c) => {
    const universityDoc = universityById.get(String(c.university));
    return {
      ...c,
      universityDoc,
      searchText: searchTextOf(c, universityDoc),
      startMonth: c.startsAt ? seoulDayOf(c.startsAt).slice(0, 7) : undefined,
    };
  });
  const months = new Set(cards.flatMap((c) => (c.startMonth ? [c.startMonth] : [])));
  return {
    courses: cards,
    startMonths: [...months].sort().reverse().map(catalogMonth),
    byId: new Map(cards.map((c) => [String(c._id), c])),
    universities: universities
      .filter((u) => u.active)
      .sort((a, b) => a.order - b.order || a.code.localeCompare(b.code)),
    universityById,
    details: new Map(),
  };
}

/**
 * The public catalog's data, kept in process behind the `catalog` version, which every write to
 * courses and universities changes (models/plugins/bumps-cache-version.ts): a catalog page costs
 * one `_id` read instead of reading every course. Seat counts live apart (catalog-counts.ts), so
 * applications do not change this version.
 */
const cache = new VersionedCache(() => readCacheVersion('catalog'), buildSnapshot);

export function catalogSnapshot(): Promise<CatalogSnapshot> {
  return cache.get();
}

/**
 * The whole course behind a card of the snapshot (with its description and sessions, the dearest
 * document to decode), read once under the snapshot's version and shared by every course page
 * until a write changes the version. Callers must not change what it returns.
 */
export function publicCourseDetails(snapshot: CatalogSnapshot, card: CatalogCourse): Promise<CourseDoc | null> {
  const id = String(card._id);
  let details = snapshot.details.get(id);
  if (!details) {
    details = Course.findById(card._id).lean<CourseDoc>().exec();
    snapshot.details.set(id, details);
    details.catch(() => snapshot.details.delete(id));
  }
  return details;
}

/**
 * Courses by id, as findByIds answers: a public one from the snapshot's shared copy (read at most
 * once per version), any other (a draft, a cancelled course) by `_id`.
 */
export async function coursesByIds(ids: readonly (Types.ObjectId | string)[]): Promise<Map<string, CourseDoc>> {
  const snapshot = await catalogSnapshot();
  const unique = [...new Set(ids.map(String))];
  const found = await Promise.all(
    unique.map((id) => {
      const card = snapshot.byId.get(id);
      return card ? publicCourseDetails(snapshot, card) : Course.findById(id).lean<CourseDoc>().exec();
    }),
  );
  return new Map(found.flatMap((course, i) => (course ? [[unique[i]!, course] as const] : [])));
}
