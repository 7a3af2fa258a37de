import { Types } from 'mongoose';
import { ActionIntent } from '../../../models/action-intent';
import { ActionOutcome } from '../../../models/action-outcome';
import { AuditEvent } from '../../../models/audit-event';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { seoulDayOf } from '../../lib/calendar';
import { crashPoint } from '../../lib/crash-point';
import { objectIdOrNone } from '../../lib/ids';
import { insertMissing } from '../../lib/insert-missing';
import { countedStatuses } from '../city/figures';
import { announceAhead, type CourseChange } from '../copies/changes';
import { writeKeyedSteps } from '../enrollment/history';
import { notify } from '../notifications/notices';
import { derivedId } from '../../lib/derived-id';
import type { Plan } from './plan';
import type { AllocCourse } from './state';

/** Inserts the documents; false when one of them was refused for another reason than being there already. */
async function insertAll<T extends { _id: Types.ObjectId }>(
  model: typeof Seat | typeof WaitlistEntry,
  course: Types.ObjectId,
  docs: T[],
): Promise<boolean> {
  if ((await insertMissing(model, docs)) === docs.length) return true;
  // Some were refused: ours from a run before a crash (same _id) are fine; anything else is a conflict.
  const present: { _id: Types.ObjectId }[] = (await model.collection
    .find({ course }, { projection: { _id: 1 } })
    .toArray()) as never;
  const ids = new Set(present.map((d) => String(d._id)));
  return docs.every((d) => ids.has(String(d._id)));
}

const counted = (status: string | null) => (countedStatuses as readonly (string | null)[]).includes(status);

/**
 * The change a plan's writes make, as recorded ahead and announced to the copies (copies/changes.ts):
 * `enrollments` when it moves an enrollment into or out of a status the figures count, `applications`
 * when it moves others or the waitlist only, none when it changes neither. The two are recorded
 * apart, so a round of one kind never clears what a stopped round of the other left to do.
 */
export function planChange(courseId: Types.ObjectId, plan: Plan): CourseChange | null {
  if (plan.steps.some((s) => counted(s.from) || counted(s.to))) return { fact: 'enrollments', course: courseId };
  if (plan.steps.length || plan.queueIn.length || plan.queueOut.length)
    return { fact: 'applications', course: courseId };
  return null;
}

/**
 * Writes a batch's plan, each kind of fact in one command, in an order that a crash at any point
 * leaves resumable: the change to its enrollments announced ahead (copies/changes.ts), places, then history events, then the enrollments, then audit and notices
 * (a notice may be sent twice when a crash falls just after it), then the outcomes, and only then are the intents deleted. Every document's `_id` comes from the key of
 * the intent (or promotion) that decided it, so the re-run after a crash writes nothing twice and
 * re-decides what was not finished from the facts that were. False when another writer changed
 * the course's places or applications meanwhile: nothing past that point is written, and the
 * caller reads the facts again and plans anew.
 */
export async function writePlan(course: AllocCourse, plan: Plan, intentKeys: string[], now: Date): Promise<boolean> {
  const courseId = course._id;
  const change = planChange(courseId, plan);
  if (change) await announceAhead(change);
  if (plan.seatsOut.length) await Seat.deleteMany({ course: courseId, enrollment: { $in: plan.seatsOut } });
  const placed = await Promise.all([
    insertAll(
      Seat,
      courseId,
      plan.seatsIn.map((s) => ({ ...s, course: courseId, takenAt: now })),
    ),
    insertAll(
      WaitlistEntry,
      courseId,
      plan.queueIn.map((q) => ({ ...q, course: courseId, joinedAt: now })),
    ),
  ]);
  if (placed.includes(false)) return false;
  crashPoint('allocate.places-written');

  if (!(await writeKeyedSteps(course, plan.steps, now))) return false;
  crashPoint('allocate.enrollments-written');

  await Promise.all([
    plan.queueOut.length
      ? WaitlistEntry.deleteMany({ course: courseId, enrollment: { $in: plan.queueOut } })
      : undefined,
    insertMissing(
      AuditEvent,
      plan.audits.map((a) => ({
        _id: derivedId(a.key, 'audit', String(a.enrollment)),
        at: now,
        day: seoulDayOf(now),
        actor: objectIdOrNone(a.actor?.id),
        actorRole: a.actor?.role,
        action: a.action,
        targetType: 'Enrollment',
        targetId: a.enrollment,
        university: course.university,
        before: a.before,
        after: a.after,
        meta: a.meta,
      })),
    ),
  ]);
  crashPoint('allocate.facts-written');
  for (const n of plan.notices) await notify(n.user, n.kind, n.params, n.link);

  await insertMissing(
    ActionOutcome,
    plan.outcomes.map((o) => ({ ...o, course: courseId, at: now })),
  );
  crashPoint('allocate.outcomes-written');
  if (intentKeys.length) await ActionIntent.deleteMany({ course: courseId, _id: { $in: intentKeys } });
  return true;
}
