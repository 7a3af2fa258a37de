import { Types } from 'mongoose';
import { ActionIntent } from '../../../models/action-intent';
import { ActionOutcome } from '../../../models/action-outcome';
import { AuditEvent } from '../../../models/audit-event';
import { Certificate } from '../../../models/certificate';
import { Course } from '../../../models/course';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { seoulDayOf } from '../../lib/calendar';
import { crashPoint } from '../../lib/crash-point';
import { objectIdOrNone } from '../../lib/ids';
import { insertMissing } from '../../lib/insert-missing';
import { countedStatuses } from '../figures/figures';
import { announceAhead, type CourseChange, type Recorded } from '../copies/changes';
import { writeKeyedSteps } from '../enrollment/history';
import { notifyKeyed } from '../notifications/notices';
import { derivedId } from '../../lib/derived-id';
import type { Plan, PlannedAudit } from './plan';
import type { AllocCourse } from './state';

/**
 * The changes a plan records ahead of its facts (copies/changes.ts): its applications' (the figures
 * among them when it moves an enrollment into or out of a status reports count, and the packed
 * roster before the answer when staff decided and wait for it), or its enrollments' when it
 * revokes or cancels, which reports count at once; and the course's own when it cancels it.
 */
export function announcedChanges(plan: Plan, course: Types.ObjectId, staffWaiting: boolean): CourseChange[] {
  const moved = plan.steps.length > 0 || plan.queueIn.length > 0 || plan.queueOut.length > 0;
  const countedAtOnce = plan.revocations.length > 0 || !!plan.cancellation;
  return [
    ...(countedAtOnce
      ? [{ fact: 'enrollments' as const, course }]
      : moved
        ? [{ fact: 'applications' as const, course, figures: changesFigures(plan), staffWaiting }]
        : []),
    ...(plan.cancellation ? [{ fact: 'course' as const, course }] : []),
  ];
}

/** The plan's audit entries, each keyed by its step and target, so a re-run writes none twice. */
async function insertAudits(course: AllocCourse, audits: readonly PlannedAudit[], now: Date): Promise<void> {
  await insertMissing(
    AuditEvent,
    audits.map((a) => ({
      _id: derivedId(a.key, 'audit', String(a.target.id)),
      at: now,
      day: seoulDayOf(now),
      actor: objectIdOrNone(a.actor?.id),
      actorRole: a.actor?.role,
      action: a.action,
      targetType: a.target.type,
      targetId: a.target.id,
      university: course.university,
      before: a.before,
      after: a.after,
      meta: a.meta,
    })),
  );
}

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

/** Whether the plan moves an enrollment into or out of a status the programme's figures count. */
export function changesFigures(plan: Plan): boolean {
  return plan.steps.some((s) => counted(s.from) || counted(s.to));
}

/**
 * Writes a batch's plan, each kind of fact in one command, in an order that a crash at any point
 * leaves resumable: the changes announced ahead (copies/changes.ts); a cancelled course's audit
 * entry and status; places; history events; audit entries and notices (keyed, so written once);
 * the enrollments; waitlist deletes and revoked certificates; the outcomes; and only then are the
 * intents deleted. Every document's `_id` comes from the key of the intent (or promotion) that
 * decided it, so the re-run after a crash writes nothing twice and re-decides what was not
 * finished from the facts that were. False when another writer changed the course's places or
 * applications meanwhile: nothing past that point is written, and the caller reads the facts
 * again and plans anew.
 */
export async function writePlan(
  course: AllocCourse,
  plan: Plan,
  intentKeys: string[],
  now: Date,
  ahead: readonly Recorded[],
): Promise<boolean> {
  const courseId = course._id;
  const { cancellation } = plan;
  if (ahead.length) await announceAhead(...ahead);
  if (cancellation) {
    // Its audit entry first: a re-run after the status was written no longer knows the status before.
    await insertAudits(course, [cancellation.audit], now);
    await Course.updateOne(
      { _id: courseId, status: { $ne: 'cancelled' } },
      { $set: { status: 'cancelled', cancelledAt: cancellation.at, cancelReason: cancellation.reason } },
    );
    crashPoint('cancel.status-written');
  }
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

  // The audit entries and notices follow the history events when all of them are new, so a crash
  // after the enrollments moved (a re-run no longer plans those steps) cannot lose them; on a
  // re-run, or when another writer took a step first, they wait until the enrollments are written.
  let followed = false;
  const follow = async () => {
    followed = true;
    await Promise.all([insertAudits(course, plan.audits, now), notifyKeyed(plan.notices)]);
  };
  if (!(await writeKeyedSteps(course, plan.steps, now, async (allNew) => (allNew ? follow() : undefined))))
    return false;
  crashPoint('allocate.enrollments-written');
  if (!followed) await follow();

  await Promise.all([
    plan.queueOut.length
      ? WaitlistEntry.deleteMany({ course: courseId, enrollment: { $in: plan.queueOut } })
      : undefined,
    plan.revocations.length
      ? Certificate.bulkWrite(
          plan.revocations.map((r) => ({
            updateOne: {
              filter: { _id: r.certificate },
              update: { $set: { revokedAt: r.at, revokedBy: objectIdOrNone(r.by), revokeReason: r.reason } },
            },
          })),
        )
      : undefined,
  ]);
  crashPoint('allocate.facts-written');

  await insertMissing(
    ActionOutcome,
    plan.outcomes.map((o) => ({ ...o, course: courseId, at: now })),
  );
  crashPoint('allocate.outcomes-written');
  if (intentKeys.length) await ActionIntent.deleteMany({ course: courseId, _id: { $in: intentKeys } });
  return true;
}
