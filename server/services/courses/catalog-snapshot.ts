import type { Types } from 'mongoose';
import { Course, type CourseDoc } from '../../../models/course';
import { University, type UniversityDoc } from '../../../models/university';
import { VersionedCache } from '../../lib/versioned-cache';
import { countCourse, withCount, type CourseCounts } from './counts';

export const publicStatuses = ['published', 'closed', 'completed'] as const;

export type CatalogUniversity = UniversityDoc & { _id: Types.ObjectId };
export type CatalogCourse = Omit<CourseDoc, 'description' | 'sessions'> &
  CourseCounts & { seatsLeft: number; universityDoc?: CatalogUniversity };

export interface CatalogSnapshot {
  /** Every public course as a catalog card, with its university and, while published (the only time they change), its counts. */
  courses: CatalogCourse[];
  /** The same cards by course id. */
  byId: Map<string, CatalogCourse>;
  /** Active universities in the agreement's order. */
  universities: CatalogUniversity[];
}

async function buildSnapshot(): Promise<CatalogSnapshot> {
  const [courses, universities] = await Promise.all([
    Course.find({ status: { $in: [...publicStatuses] } }, { description: 0, sessions: 0 }).lean<CatalogCourse[]>(),
    University.find().lean<CatalogUniversity[]>(),
  ]);
  const universityById = new Map(universities.map((u) => [String(u._id), u]));
  const cards = await Promise.all(
    courses.map(async (c) => {
      const counts = c.status === 'published' ? await countCourse(c._id) : { seatsTaken: 0, waitlisted: 0 };
      return { ...withCount(c, counts), universityDoc: universityById.get(String(c.university)) };
    }),
  );
  return {
    courses: cards,
    byId: new Map(cards.map((c) => [String(c._id), c])),
    universities: universities
      .filter((u) => u.active)
      .sort((a, b) => a.order - b.order || a.code.localeCompare(b.code)),
  };
}

/**
 * The public catalog's data, kept in process behind the `catalog` version, which every write to
 * courses, seats, waitlists and universities changes (models/plugins/bumps-cache-version.ts): a
 * catalog page costs one `_id` read instead of reading every course.
 */
const cache = new VersionedCache('catalog', buildSnapshot);

export function catalogSnapshot(): Promise<CatalogSnapshot> {
  return cache.get();
}
