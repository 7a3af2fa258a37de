import { Course, type CourseDoc } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { recordAudit } from '../audit/record';
import { notify } from '../notifications/notices';
import { courseNotice, seatsMove, type CourseRef } from './course-ref';
import { transition } from './history';
import { declineForClash } from './timetable';
import { countSeats, freeSeat, takeSeat } from './seats';
import { claimFirstWaitlisted, restoreWaitlistEntry } from './waitlist';

/** Whether the course, read again now, still hands out seats: it may have been cancelled since the caller read it. */
async function stillSeating(course: CourseRef): Promise<boolean> {
  const current = await Course.findById(course._id, { status: 1 }).lean();
  return !!current && seatsMove({ ...course, status: current.status });
}

/**
 * Gives free seats to waitlisted trainees in queue order, in the request that freed them
 * (DESIGN.md rule 3). Each waitlist entry is claimed by deleting it, so two requests never
 * promote the same trainee; a trainee whose enrollment changed meanwhile is skipped.
 */
export async function fillFreeSeats(
  course: CourseRef & Pick<CourseDoc, 'sessions'>,
  actor?: Actor | null,
): Promise<number> {
  if (!seatsMove(course)) return 0;
  let promoted = 0;
  while ((await countSeats(course._id)) < course.capacity && (await stillSeating(course))) {
    const entry = await claimFirstWaitlisted(course._id);
    if (!entry) break;
    const seat = await takeSeat(course._id, course.capacity, entry.trainee, entry.enrollment);
    if (!seat.taken) {
      if (seat.reason === 'full') await restoreWaitlistEntry(entry);
      break;
    }
    const enrollment = await Enrollment.findById(entry.enrollment).lean();
    const to = course.approvalRequired ? 'pending' : 'enrolled';
    try {
      if (enrollment?.status !== 'waitlisted') throw new FormError({ _form: 'enrollment.errors.changedMeanwhile' });
      // A trainee whose time is held by a clashing course is passed over, before and (for a race) after the step.
      if (await declineForClash(enrollment, course, actor, false))
        throw new FormError({ _form: 'enrollment.errors.clash' });
      const seq = await transition(enrollment, to, { by: actor?.id, reason: 'promoted' });
      if (await declineForClash({ ...enrollment, status: to, seq }, course, actor, true))
        throw new FormError({ _form: 'enrollment.errors.clash' });
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      await freeSeat(course._id, entry.enrollment);
      continue;
    }
    promoted++;
    await recordAudit({
      actor,
      action: 'enrollment.promote',
      target: { type: 'Enrollment', id: enrollment._id },
      university: course.university,
      before: { status: 'waitlisted' },
      after: { status: to, seatNo: seat.seatNo },
    });
    const notice = courseNotice(course);
    await notify(enrollment.trainee, 'promoted', notice.params, notice.link);
  }
  return promoted;
}
