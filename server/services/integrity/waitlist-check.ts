import { Enrollment } from '../../../models/enrollment';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { findByIds } from '../../lib/find-by-ids';
import { runAllocator } from '../allocation/allocator';
import { requestRefill } from '../allocation/submit';
import { withCourseHeld } from './course-lease';
import { courseName, groupBy, type EntryRow, type EnrollmentRow, type Reads } from './reads';
import { NotRepaired, type Check, type Difference } from './types';

interface WaitlistDifference extends Difference {
  /** The entry to remove, when the difference is an entry that holds a place for nobody waiting. */
  entry?: EntryRow;
}

/** Why an entry's enrollment is not one waiting in that queue, or undefined when it is. */
function entryProblem(
  entry: Pick<EntryRow, 'course' | 'trainee' | 'enrollment'>,
  enrollment: Pick<EnrollmentRow, 'course' | 'trainee' | 'status'> | null | undefined,
): string | undefined {
  const id = String(entry.enrollment);
  if (!enrollment) return `its enrollment ${id} does not exist`;
  if (String(enrollment.course) !== String(entry.course)) return `its enrollment ${id} is of another course`;
  if (String(enrollment.trainee) !== String(entry.trainee)) return `its enrollment ${id} is of another trainee`;
  if (enrollment.status !== 'waitlisted') return `its enrollment ${id} is ${enrollment.status.replace('_', ' ')}`;
  return undefined;
}

/**
 * 4. The waitlist: positions distinct within a course, every entry's enrollment waitlisted (in that
 * course, for that trainee), every waitlisted enrollment in the queue. Repair: an entry whose
 * enrollment is not waiting is removed (it would make newcomers queue behind nobody), and the
 * course's allocator asked to refill. A waitlisted enrollment without a place is reported only:
 * where it should stand in the queue is a person's call.
 */
export function waitlistCheck(reads: Reads): Check<WaitlistDifference> {
  return {
    name: 'waitlist',
    description:
      'waitlist positions distinct per course; every entry for a waitlisted enrollment of that course and trainee; every waitlisted enrollment has an entry',
    safe: true,
    async find() {
      const [courses, entries, waiting] = await Promise.all([
        reads.courses(),
        reads.waitlist(),
        reads.enrollments('waitlisted'),
      ]);
      const found: WaitlistDifference[] = [];
      const about = (course: EntryRow['course']) => ({
        check: 'waitlist',
        course,
        university: courses.get(String(course))?.university,
      });
      for (const [course, queue] of groupBy(entries, (e) => e.course)) {
        for (const [position, same] of groupBy(queue, (e) => e.position))
          if (same.length > 1)
            found.push({
              ...about(same[0]!.course),
              target: { type: 'Course', id: same[0]!.course },
              text: `${courseName(courses, course)}: ${same.length} waitlist entries share position ${position}`,
            });
      }
      const byId = new Map(waiting.map((e) => [String(e._id), e]));
      const suspects = entries.filter((e) => entryProblem(e, byId.get(String(e.enrollment))));
      const others = await findByIds(
        Enrollment,
        suspects.filter((e) => !byId.has(String(e.enrollment))).map((e) => e.enrollment),
        { course: 1, trainee: 1, status: 1 },
      );
      for (const entry of suspects) {
        const enrollment = byId.get(String(entry.enrollment)) ?? others.get(String(entry.enrollment));
        found.push({
          ...about(entry.course),
          target: { type: 'Course', id: entry.course },
          entry,
          text: `waitlist entry of ${courseName(courses, entry.course)} for trainee ${String(entry.trainee)}: ${entryProblem(entry, enrollment)}`,
        });
      }
      const queued = new Set(entries.map((e) => String(e.enrollment)));
      for (const e of waiting.filter((w) => !queued.has(String(w._id))))
        found.push({
          ...about(e.course),
          target: { type: 'Enrollment', id: e._id },
          text: `enrollment ${String(e._id)} of ${courseName(courses, e.course)} is waitlisted but has no place in the waitlist`,
        });
      return found;
    },
    async repair({ entry }) {
      if (!entry) throw new NotRepaired('no repair: where it belongs in the queue is for a person to decide');
      await withCourseHeld(entry.course, async () => {
        const current = await WaitlistEntry.findById(entry._id).lean();
        if (!current) throw new NotRepaired('the entry left the waitlist meanwhile');
        const enrollment = await Enrollment.findById(current.enrollment, { course: 1, trainee: 1, status: 1 }).lean();
        if (!entryProblem(current, enrollment))
          throw new NotRepaired('on a second look its enrollment is waitlisted (a write was in progress)');
        const removed = await WaitlistEntry.deleteOne({ _id: entry._id });
        if (removed.deletedCount !== 1) throw new NotRepaired('the entry left the waitlist meanwhile');
      });
      // Newcomers no longer queue behind it, and free seats go to whoever really waits.
      await requestRefill(entry.course);
      await runAllocator(entry.course);
    },
  };
}
