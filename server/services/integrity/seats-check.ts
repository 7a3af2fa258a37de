import type { Types } from 'mongoose';
import { Course } from '../../../models/course';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { findByIds } from '../../lib/find-by-ids';
import { runAllocator } from '../allocation/allocator';
import { requestRefill } from '../allocation/submit';
import { withCourseHeld } from './course-lease';
import { count, courseName, groupBy, type EnrollmentRow, type Reads, type SeatRow } from './reads';
import { NotRepaired, type Check, type Difference } from './types';

/**
 * The statuses that hold a seat: a seat is taken on applying (pending, or enrolled when no approval
 * is needed) and kept through the completion decision; it is given back on withdrawal, rejection
 * and lapse (DESIGN.md rule 1; server/services/allocation/plan.ts, completion/completion-decide.ts).
 */
export const seatHoldingStatuses: readonly EnrollmentStatus[] = ['enrolled', 'pending', 'completed', 'not_completed'];

const holds = (status: string | undefined | null) => seatHoldingStatuses.includes(status as EnrollmentStatus);

function tally(rows: readonly EnrollmentRow[]): string {
  const by = groupBy(rows, (e) => e.status);
  const parts = seatHoldingStatuses.flatMap((s) => (by.get(s) ? [`${by.get(s)!.length} ${s.replace('_', ' ')}`] : []));
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** What the three seat checks compare, read once per run (reads.ts shares it): courses, seats and their holders. */
async function places(reads: Reads) {
  const [courses, seats, holders] = await Promise.all([
    reads.courses(),
    reads.seats(),
    reads.enrollmentsIn(seatHoldingStatuses),
  ]);
  return { courses, seats, holders };
}

/** 1. Every course: seats taken = the enrollments that hold one, and never more than its capacity. */
export function seatCount(reads: Reads): Check {
  return {
    name: 'seat-count',
    description:
      'every course: seats taken = enrollments enrolled, pending, completed or not completed, and no more than its capacity',
    safe: false,
    async find() {
      const { courses, seats, holders } = await places(reads);
      const seatsOf = groupBy(seats, (s) => s.course);
      const holdersOf = groupBy(holders, (e) => e.course);
      const found: Difference[] = [];
      for (const id of new Set([...seatsOf.keys(), ...holdersOf.keys()])) {
        const taken = seatsOf.get(id)?.length ?? 0;
        const held = holdersOf.get(id) ?? [];
        const course = courses.get(id);
        const about = { check: 'seat-count', course: course?._id, university: course?.university };
        const target = course && { type: 'Course' as const, id: course._id };
        if (taken !== held.length)
          found.push({
            ...about,
            target,
            text: `${courseName(courses, id)}: ${count(taken, 'seat')} taken, but ${count(held.length, 'enrollment')} ${held.length === 1 ? 'holds' : 'hold'} one${tally(held)}`,
          });
        if (course && taken > course.capacity)
          found.push({
            ...about,
            target,
            text: `${courseName(courses, id)}: ${count(taken, 'seat')} taken, more than its capacity of ${course.capacity}`,
          });
      }
      return found;
    },
  };
}

interface SeatDifference extends Difference {
  seat: SeatRow;
}

/** Why a seat's enrollment does not hold it, or undefined when it does. */
function seatProblem(
  seat: Pick<SeatRow, 'course' | 'trainee'>,
  enrollment: Pick<EnrollmentRow, '_id' | 'course' | 'trainee' | 'status'> | null | undefined,
  id: Types.ObjectId,
): string | undefined {
  if (!enrollment) return `its enrollment ${String(id)} does not exist`;
  if (String(enrollment.course) !== String(seat.course))
    return `its enrollment ${String(id)} is of another course (${String(enrollment.course)})`;
  if (String(enrollment.trainee) !== String(seat.trainee))
    return `its enrollment ${String(id)} is of another trainee (${String(enrollment.trainee)}, the seat names ${String(seat.trainee)})`;
  if (!holds(enrollment.status)) return `its enrollment ${String(id)} is ${enrollment.status.replace('_', ' ')}`;
  return undefined;
}

/**
 * 2. No seat without its enrollment: the seat's enrollment exists, is of that course and trainee,
 * and holds a seat. Repair: a seat whose trainee's own enrollment of the course holds none is given
 * to that enrollment; a waitlisted enrollment's seat (a promotion that stopped half-way) is left to
 * the course's allocator, which finishes the promotion; any other is freed, and the allocator asked
 * to refill, which promotes the waitlist into it.
 */
export function seatWithoutEnrollment(reads: Reads): Check<SeatDifference> {
  return {
    name: 'seat-without-enrollment',
    description:
      "no seat without its enrollment: the seat's enrollment exists, is of that course and trainee and holds a seat",
    safe: true,
    async find() {
      const { courses, seats, holders } = await places(reads);
      const byId = new Map(holders.map((e) => [String(e._id), e]));
      const suspects = seats.filter((s) => seatProblem(s, byId.get(String(s.enrollment)), s.enrollment));
      // Only the few seats in doubt are looked up by id: their enrollments are in no seat-holding status.
      const others = await findByIds(
        Enrollment,
        suspects.filter((s) => !byId.has(String(s.enrollment))).map((s) => s.enrollment),
        { course: 1, trainee: 1, status: 1 },
      );
      return suspects.map((seat) => {
        const enrollment = byId.get(String(seat.enrollment)) ?? others.get(String(seat.enrollment));
        const course = courses.get(String(seat.course));
        return {
          check: 'seat-without-enrollment',
          course: seat.course,
          university: course?.university,
          target: { type: 'Course', id: seat.course },
          seat,
          text: `seat ${seat.seatNo} of ${courseName(courses, seat.course)}: ${seatProblem(seat, enrollment, seat.enrollment)}`,
        };
      });
    },
    async repair({ seat }) {
      const owner = () => Enrollment.findById(seat.enrollment, { course: 1, trainee: 1, status: 1 }).lean();
      const before = await owner();
      if (before?.status === 'waitlisted' && !seatProblem(seat, { ...before, status: 'enrolled' }, seat.enrollment)) {
        // A promotion that stopped after taking the seat: the course's allocator finishes it on its next run.
        await runAllocator(seat.course);
        if (!seatProblem(seat, await owner(), seat.enrollment)) return;
      }
      const freed = await withCourseHeld(seat.course, async () => {
        const current = await Seat.findById(seat._id).lean();
        if (!current) throw new NotRepaired('the seat was given back meanwhile');
        const enrollment = await Enrollment.findById(current.enrollment, { course: 1, trainee: 1, status: 1 }).lean();
        if (!seatProblem(current, enrollment, current.enrollment))
          throw new NotRepaired('on a second look its enrollment holds it (a write was in progress)');
        // The seat names its trainee, whose own enrollment of the course holds no seat: it is theirs.
        const own = await Enrollment.findOne(
          { course: current.course, trainee: current.trainee },
          { status: 1 },
        ).lean();
        if (own && holds(own.status) && !(await Seat.exists({ course: current.course, enrollment: own._id }))) {
          await Seat.updateOne({ _id: current._id }, { $set: { enrollment: own._id } });
          return false;
        }
        const deleted = await Seat.deleteOne({ _id: current._id });
        if (deleted.deletedCount !== 1) throw new NotRepaired('the seat was given back meanwhile');
        return true;
      });
      if (!freed) return;
      // The freed seat goes to the waitlist, as a withdrawal's would.
      await requestRefill(seat.course);
      await runAllocator(seat.course);
    },
  };
}

interface UnseatedDifference extends Difference {
  enrollment: EnrollmentRow;
}

/** The lowest seat number of 1..capacity nobody holds, or undefined when the course is full. */
function lowestFree(taken: readonly { seatNo: number }[], capacity: number): number | undefined {
  if (taken.length >= capacity) return undefined;
  const used = new Set(taken.map((s) => s.seatNo));
  for (let n = 1; n <= capacity; n++) if (!used.has(n)) return n;
  return undefined;
}

/**
 * 3. No seat-holding enrollment without its seat. Repair: the enrollment is given the lowest free
 * seat number (the unique indexes guard the insert, as for any seat); on a full course nothing is
 * written, since someone else would have to give theirs up, which a person decides.
 */
export function enrollmentWithoutSeat(reads: Reads): Check<UnseatedDifference> {
  return {
    name: 'enrollment-without-seat',
    description: 'no enrollment enrolled, pending, completed or not completed without its seat',
    safe: true,
    async find() {
      const { courses, seats, holders } = await places(reads);
      const seated = new Set(seats.map((s) => String(s.enrollment)));
      return holders
        .filter((e) => !seated.has(String(e._id)))
        .map((enrollment) => ({
          check: 'enrollment-without-seat',
          course: enrollment.course,
          university: enrollment.university,
          target: { type: 'Enrollment', id: enrollment._id },
          enrollment,
          text: `enrollment ${String(enrollment._id)} of ${courseName(courses, enrollment.course)} is ${enrollment.status.replace('_', ' ')} but holds no seat`,
        }));
    },
    async repair({ enrollment }) {
      await withCourseHeld(enrollment.course, async () => {
        const current = await Enrollment.findById(enrollment._id, { course: 1, trainee: 1, status: 1 }).lean();
        if (!current || !holds(current.status) || String(current.course) !== String(enrollment.course))
          throw new NotRepaired(`on a second look the enrollment is ${current?.status ?? 'gone'} and needs no seat`);
        const course = await Course.findById(current.course, { capacity: 1 }).lean();
        if (!course) throw new NotRepaired('its course does not exist');
        for (let attempt = 0; attempt < 5; attempt++) {
          const taken = await Seat.find({ course: current.course }, { seatNo: 1, trainee: 1, enrollment: 1 }).lean();
          if (taken.some((s) => String(s.enrollment) === String(current._id)))
            throw new NotRepaired('on a second look it holds a seat (a write was in progress)');
          const other = taken.find((s) => String(s.trainee) === String(current.trainee));
          if (other)
            throw new NotRepaired(
              `its trainee holds seat ${other.seatNo} under enrollment ${String(other.enrollment)}, which the seat-without-enrollment check gives to this one`,
            );
          const seatNo = lowestFree(taken, course.capacity);
          if (seatNo === undefined)
            throw new NotRepaired(
              `the course is full (${taken.length} of ${course.capacity} seats taken): a person decides who gives a seat up`,
            );
          try {
            await Seat.create({ course: current.course, seatNo, trainee: current.trainee, enrollment: current._id });
            return;
          } catch (err) {
            // Taken by a writer outside the allocator (a freed seat going back does not come here): look again.
            if (!isDuplicateKey(err)) throw err;
          }
        }
        throw new NotRepaired('every free seat number was taken while it tried; the next check looks again');
      });
    },
  };
}
