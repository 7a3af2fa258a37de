import { Enrollment, type EnrollmentDoc, type EnrollmentStatus } from '../../../models/enrollment';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import type { AuditAction } from '../audit/actions';
import { recordAudit } from '../audit/record';
import { notifyMany } from '../notifications/notices';
import { courseNotice, type CourseRef } from '../course-base/course-ref';
import { transition } from './history';
import { freeSeat } from './seats';

export interface Ending {
  /** The statuses that end, and the one they end in. */
  from: readonly EnrollmentStatus[];
  to: EnrollmentStatus;
  /** Why, in each enrollment's history and audit entry. */
  reason: string;
  /** The audit action of each ended application. */
  action: AuditAction;
  /** The notification its trainee gets (`notifications.<kind>`). */
  notice: string;
}

/** How often one enrollment is read again after another step won the race; the loser of so many races is left to a re-run. */
const maxTries = 5;

/** Steps the enrollment to `to`, reading it again while it changed meanwhile but is still one that ends. */
async function endOne(actor: Actor, enrollment: EnrollmentDoc, ending: Ending): Promise<EnrollmentDoc | null> {
  for (
    let current: EnrollmentDoc | null = enrollment, tries = 0;
    current && ending.from.includes(current.status) && tries < maxTries;
    current = await Enrollment.findById(current._id).lean(), tries++
  ) {
    try {
      await transition(current, ending.to, { by: actor.id, reason: ending.reason, announce: false });
      return current;
    } catch (err) {
      if (!(err instanceof FormError)) throw err; // a promotion or a withdrawal moved it first
    }
  }
  return null;
}

/**
 * Ends the open applications of a course that seats nobody any more because it was completed
 * (the caller records the course's change ahead and announces it, copies/changes.ts) (DESIGN.md rule 3: a waitlist moves only while the course can still seat someone).
 * Its waitlist goes first, so no promotion can claim an entry afterwards; then each application in
 * `from` steps to `to`, gives back its seat, is audited, and its trainee is told.
 */
export async function endApplications(actor: Actor, course: CourseRef, ending: Ending): Promise<void> {
  await WaitlistEntry.deleteMany({ course: course._id });
  const open = (
    await Promise.all(ending.from.map((status) => Enrollment.find({ course: course._id, status }).lean()))
  ).flat();
  const ended: EnrollmentDoc[] = [];
  for (const enrollment of open) {
    const before = await endOne(actor, enrollment, ending);
    if (!before) continue;
    if (before.status !== 'waitlisted') await freeSeat(course._id, before._id);
    await recordAudit({
      actor,
      action: ending.action,
      target: { type: 'Enrollment', id: before._id },
      university: course.university,
      before: { status: before.status },
      after: { status: ending.to },
      meta: { reason: ending.reason },
    });
    ended.push(before);
  }
  const notice = courseNotice(course);
  await notifyMany(
    ended.map((e) => e.trainee),
    ending.notice,
    notice.params,
    notice.link,
  );
}
