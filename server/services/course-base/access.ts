import { readCacheVersion } from '../../../models/cache-version';
import { bySessionStart, Course, type CourseDoc } from '../../../models/course';
import type { Actor } from '../../auth/actor';
import { assertCan, type Action } from '../../auth/policy';
import { NotFoundError } from '../../errors';
import { objectIdOr404 } from '../../lib/ids';
import { VersionedCache } from '../../lib/versioned-cache';

/** Freezes a document's plain objects and arrays (not its ids or dates), so that no reader can change a shared copy. */
function frozen<T>(value: T): T {
  if (Array.isArray(value) || (value !== null && typeof value === 'object' && value.constructor === Object)) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Courses read by id, held while the `catalog` version stays the same: every write to a course
 * changes it (models/plugins/bumps-cache-version.ts), and each request waits for a version read
 * that began after it arrived, so no instance acts on a course older than a write answered before
 * the request came. A staff page then costs the version read it shares with simultaneous requests
 * instead of a read of the course. The held documents are frozen: readers share them.
 */
const heldCourses = new VersionedCache(
  () => readCacheVersion('catalog'),
  async () => new Map<string, Promise<CourseDoc | null>>(),
);

/** More than the programme's courses: ids asked for that name no course are held too, so the memory is bounded. */
const maxHeld = 5_000;

async function courseById(id: string): Promise<CourseDoc | null> {
  const held = await heldCourses.get();
  let course = held.get(id);
  if (!course) {
    if (held.size >= maxHeld) held.clear();
    course = Course.findById(objectIdOr404(id))
      .lean<CourseDoc>()
      .then((doc) => doc && frozen(doc));
    held.set(id, course);
    course.catch(() => held.delete(id));
  }
  return course;
}

/** Loads a course and checks the actor may act on it: missing or another university's course → 404. */
export async function loadCourseFor(actor: Actor, courseId: string, action: Action): Promise<CourseDoc> {
  const course = await courseById(courseId);
  if (!course) throw new NotFoundError();
  assertCan(actor, action, course);
  return course;
}

/** Sessions in calendar order, as plain values for views and services. */
export function orderedSessions(course: Pick<CourseDoc, 'sessions'>) {
  return [...course.sessions]
    .sort(bySessionStart)
    .map((s) => ({ id: String(s._id), date: s.date, start: s.start, end: s.end, topic: s.topic ?? '' }));
}
