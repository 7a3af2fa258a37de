import type { Types } from 'mongoose';
import { Enrollment, enrollmentStatuses, type EnrollmentStatus } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { clock } from '../../lib/clock';
import { announce } from '../copies/changes';
import { withCourseHeld } from './course-lease';
import { courseName, type EnrollmentRow, type Reads } from './reads';
import { NotRepaired, type Check, type Difference } from './types';

/** A step's event is written a moment before the enrollment: only one older than this is a lost update. */
export const stepDeadlineMs = 60_000;

interface EventRow {
  enrollment: Types.ObjectId;
  seq: number;
  from?: EnrollmentStatus | null;
  to: EnrollmentStatus;
  at: Date;
}

interface HistoryDifference extends Difference {
  enrollment: EnrollmentRow;
}

const described = (e: Pick<EventRow, 'seq' | 'from' | 'to' | 'at'>) =>
  `step ${e.seq} (${e.from ?? 'new'} → ${e.to}, ${e.at.toISOString()})`;

/** The enrollment's last history event, read by the indexed enrollment equality. */
async function latestEvent(enrollment: Types.ObjectId): Promise<EventRow | undefined> {
  const events = await EnrollmentEvent.find({ enrollment }, { enrollment: 1, seq: 1, from: 1, to: 1, at: 1 }).lean<
    EventRow[]
  >();
  return events.sort((a, b) => b.seq - a.seq)[0];
}

/**
 * 7. Each enrollment is at its history's last step: every status change writes EnrollmentEvent
 * seq+1 first (the claim), then the enrollment. An enrollment whose `seq` is behind its latest event,
 * for longer than a step takes, lost that update. Repair: the enrollment is rolled forward to the
 * latest event's status and seq (a withdrawal dated by its event), and the course's figures follow.
 * What the new status means for seats and the waitlist, the seat and waitlist checks then find.
 */
export function historyCheck(reads: Reads): Check<HistoryDifference> {
  return {
    name: 'enrollment-history',
    description: "every enrollment is at its history's latest step (seq and status of its last EnrollmentEvent)",
    safe: true,
    async find() {
      const [courses, enrollments, events] = await Promise.all([
        reads.courses(),
        reads.enrollmentsIn(enrollmentStatuses),
        EnrollmentEvent.find({}, { enrollment: 1, seq: 1, from: 1, to: 1, at: 1 }).lean<EventRow[]>(),
      ]);
      const latest = new Map<string, EventRow>();
      for (const e of events) {
        const key = String(e.enrollment);
        if ((latest.get(key)?.seq ?? -1) < e.seq) latest.set(key, e);
      }
      const settled = clock.now() - stepDeadlineMs;
      return enrollments.flatMap((enrollment) => {
        const last = latest.get(String(enrollment._id));
        const seq = enrollment.seq ?? 0;
        if (!last || last.seq <= seq || last.at.getTime() > settled) return [];
        return [
          {
            check: 'enrollment-history',
            course: enrollment.course,
            university: enrollment.university,
            target: { type: 'Enrollment' as const, id: enrollment._id },
            enrollment,
            text: `enrollment ${String(enrollment._id)} of ${courseName(courses, enrollment.course)} is at step ${seq} (${enrollment.status}), but its history goes on to ${described(last)}`,
          },
        ];
      });
    },
    async repair({ enrollment }) {
      await withCourseHeld(enrollment.course, async () => {
        const current = await Enrollment.findById(enrollment._id, { status: 1, seq: 1, course: 1 }).lean();
        if (!current) throw new NotRepaired('the enrollment does not exist any more');
        const last = await latestEvent(current._id);
        const seq = current.seq ?? 0;
        if (!last || last.seq <= seq) throw new NotRepaired('on a second look it is at its last step');
        const stamp = last.to === 'withdrawn' ? { withdrawnAt: last.at } : {};
        const moved = await Enrollment.updateOne(
          {
            _id: current._id,
            ...(current.seq === undefined || current.seq === null ? { seq: { $exists: false } } : { seq }),
          },
          { $set: { status: last.to, seq: last.seq, ...stamp } },
        );
        if (moved.matchedCount !== 1)
          throw new NotRepaired('the enrollment changed meanwhile; the next check looks again');
        await announce({ fact: 'enrollment-status', course: current.course, from: current.status, to: last.to });
      });
    },
  };
}
