import { Types } from 'mongoose';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { FormError } from '../../errors';
import { seoulDayOf } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { crashPoint } from '../../lib/crash-point';
import { derivedId } from '../../lib/derived-id';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { objectIdOrNone } from '../../lib/ids';
import { insertMissing } from '../../lib/insert-missing';
import { writeAnnounced } from '../copies/changes';

type Id = Types.ObjectId | string;

export interface TransitionFrom {
  _id: Id;
  course: Id;
  status: EnrollmentStatus;
  seq?: number | null;
}

export interface TransitionOptions {
  by?: Id;
  reason?: string;
  /** Extra fields to write on the enrollment with the new status. */
  set?: Record<string, unknown>;
  /** False when the caller has recorded a wider change ahead (copies/changes.ts) and announces it itself. */
  announce?: boolean;
}

/**
 * How long after its event a step's writer has surely written the enrollment, or stopped. The
 * engine's update reads and then overwrites the whole document, so a roll-forward racing the live
 * writer's own update could write back the enrollment as it read it and lose the fields that update
 * set (a completion's decision, a withdrawal's date).
 */
const writerGoneAfterMs = 10_000;

/**
 * Brings an enrollment up to its history event `seq` when that event was written but the
 * enrollment's own update was not (the writer stopped in between): without this, every later
 * step would find the event taken and answer "changed meanwhile" for ever. Only an enrollment
 * still one step behind is moved, and only once the event is old enough that its writer has
 * stopped: a step racing a live writer just loses.
 */
async function rollForward(enrollment: Id, seq: number): Promise<void> {
  const event = await EnrollmentEvent.findOne({ enrollment, seq }, { to: 1, at: 1 }).lean();
  if (!event || clock.now() - (event.at?.getTime() ?? 0) < writerGoneAfterMs) return;
  await Enrollment.updateOne({ _id: enrollment, seq: seq - 1 }, { $set: { status: event.to, seq } });
}

/** Claims step seq+1 by its history event and writes it on the enrollment; false when another step claimed it first. */
async function claimStep(
  enrollment: TransitionFrom,
  to: EnrollmentStatus,
  options: TransitionOptions,
): Promise<boolean> {
  const seq = (enrollment.seq ?? 0) + 1;
  try {
    await EnrollmentEvent.create({
      enrollment: enrollment._id,
      course: enrollment.course,
      seq,
      from: enrollment.status,
      to,
      by: options.by,
      reason: options.reason,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await rollForward(enrollment._id, seq);
    return false;
  }
  // When a withdrawal happened decides whether the figures count it (a dropout) or not (before the start).
  const stamp = to === 'withdrawn' ? { withdrawnAt: new Date() } : {};
  await Enrollment.updateOne({ _id: enrollment._id }, { $set: { ...options.set, ...stamp, status: to, seq } });
  return true;
}

/**
 * Moves an enrollment from the status it was read in to `to`. The step is claimed by inserting
 * history event seq+1 under the unique (enrollment, seq) index, so of two requests racing from
 * the same state (approve vs. withdraw) exactly one proceeds; the other gets a FormError telling
 * the user the record changed meanwhile. Only the claimant then writes the enrollment, and brings
 * the course's figures up to date before the request answers.
 */
export async function transition(
  enrollment: TransitionFrom,
  to: EnrollmentStatus,
  options: TransitionOptions = {},
): Promise<number> {
  const change = { fact: 'enrollment-status' as const, course: enrollment.course, from: enrollment.status, to };
  await writeAnnounced(options.announce === false ? undefined : change, async () => {
    if (!(await claimStep(enrollment, to, options)))
      throw new FormError({ _form: 'enrollment.errors.changedMeanwhile' });
  });
  return (enrollment.seq ?? 0) + 1;
}

/**
 * Moves many enrollments of one course, each as `transition` does. The caller records the
 * course's change ahead and announces it (copies/changes.ts). Returns, per step, whether it was
 * claimed here (false: another step moved that enrollment first, and it is left as that step made it).
 */
export async function transitionMany(
  steps: readonly { enrollment: TransitionFrom; to: EnrollmentStatus; options?: TransitionOptions }[],
): Promise<boolean[]> {
  const claimed: boolean[] = [];
  for (const step of steps) claimed.push(await claimStep(step.enrollment, step.to, step.options ?? {}));
  return claimed;
}

/** One step of a batch decided by a course's allocator, keyed by the intent (or promotion) that decided it. */
export interface KeyedStep {
  key: string;
  enrollment: Types.ObjectId;
  trainee: Types.ObjectId;
  /** null: the enrollment is created by this step. */
  from: EnrollmentStatus | null;
  fromSeq: number;
  to: EnrollmentStatus;
  seq: number;
  by?: string;
  reason?: string;
  set?: Record<string, unknown>;
}

/**
 * Writes many keyed steps of one course in three commands: their history events, then (after
 * `betweenNew`, given whether every event was new) the enrollments they create, and the
 * enrollments they move (each only from the step it was read at). An event's `_id` comes from its
 * key, and each enrollment records the key of its last step, so writing the same steps again (a
 * re-run after a crash) changes nothing. False when an enrollment had been moved by another writer
 * since it was read: the caller reads again and decides anew.
 */
export async function writeKeyedSteps(
  course: { _id: Types.ObjectId; university: Types.ObjectId },
  steps: readonly KeyedStep[],
  now: Date,
  betweenNew: (allNew: boolean) => Promise<void>,
): Promise<boolean> {
  const inserted = await insertMissing(
    EnrollmentEvent,
    steps.map((s) => ({
      _id: derivedId(s.key, 'event', String(s.enrollment)),
      enrollment: s.enrollment,
      course: course._id,
      ...(s.from === null ? { trainee: s.trainee } : {}),
      seq: s.seq,
      from: s.from,
      to: s.to,
      at: now,
      day: seoulDayOf(now),
      by: objectIdOrNone(s.by),
      reason: s.reason,
    })),
  );
  crashPoint('allocate.events-written');
  await betweenNew(inserted === steps.length);
  const created = steps.filter((s) => s.from === null);
  const moved = steps.filter((s) => s.from !== null);
  await insertMissing(
    Enrollment,
    created.map((s) => ({
      _id: s.enrollment,
      course: course._id,
      trainee: s.trainee,
      university: course.university,
      status: s.to,
      seq: s.seq,
      intent: s.key,
      ...s.set,
      createdAt: now,
      updatedAt: now,
    })),
  );
  if (moved.length === 0) return true;
  const result = await Enrollment.bulkWrite(
    moved.map((s) => ({
      updateOne: {
        filter: { _id: s.enrollment, seq: s.fromSeq },
        update: { $set: { ...s.set, status: s.to, seq: s.seq, intent: s.key, updatedAt: now } },
      },
    })),
    { ordered: false },
  );
  if (result.matchedCount === moved.length) return true;
  // Unmatched: written by these steps' run before a crash (its key is there), or moved by someone else.
  const current = await Enrollment.find({ course: course._id }, { intent: 1 }).lean();
  const intentOf = new Map(current.map((e) => [String(e._id), e.intent]));
  return moved.every((s) => intentOf.get(String(s.enrollment)) === s.key);
}
