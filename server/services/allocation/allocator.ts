import crypto from 'node:crypto';
import os from 'node:os';
import type { Types } from 'mongoose';
import { ActionIntent } from '../../../models/action-intent';
import { Course } from '../../../models/course';
import { announceRecorded, markOf } from '../copies/changes';
import { clashesOfTrainees, type Clash } from '../enrollment/timetable';
import { releaseLease, renewLease, takeLease } from './lease';
import { cloneState, planBatch, promotionCandidates, type Intent, type PlannedOutcome } from './plan';
import { readCourseState, readSeats, type AllocCourse, type CourseState } from './state';
import { announcedChanges, writePlan } from './write-plan';

/**
 * Names this process in the leases it holds. It runs a course once at a time (`runs`), so a lease
 * of its own that a failed run could not release is free to take back (lease.ts).
 */
export const leaseHolder = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

/** Rounds one run may take before it lets go of the lease: each decides every intent then open. */
const maxRounds = 50;

/** Courses whose allocator runs in this process, and whether new intents came while it ran. */
const runs = new Map<string, { done: Promise<void>; again: boolean }>();
/** Requests in this process waiting for their intent's outcome, by key. */
const waiters = new Map<string, (outcome: PlannedOutcome) => void>();

export function waitLocally(key: string, resolve: (outcome: PlannedOutcome) => void): () => void {
  waiters.set(key, resolve);
  return () => waiters.delete(key);
}

const byArrival = (a: Intent, b: Intent) => a.at.getTime() - b.at.getTime() || a._id.localeCompare(b._id);

/** The course's open intents in arrival order. */
async function openIntents(course: Types.ObjectId): Promise<Intent[]> {
  const docs = await ActionIntent.find({ course }).lean();
  return docs
    .map((d): Intent => ({
      _id: String(d._id),
      kind: d.kind,
      trainee: d.trainee ?? undefined,
      enrollment: d.enrollment ?? undefined,
      category: d.category ?? undefined,
      approved: !!d.approved,
      byStaff: !!d.byStaff,
      actor: d.actor?.id && d.actor.role ? { id: d.actor.id, role: d.actor.role } : undefined,
      reason: d.reason ?? undefined,
      certificate: d.certificate?.id
        ? {
            id: d.certificate.id,
            number: d.certificate.number ?? '',
            title: { ko: d.certificate.title?.ko ?? '', en: d.certificate.title?.en ?? '' },
          }
        : undefined,
      at: d.at,
    }))
    .sort(byArrival);
}

/**
 * The trainees whose time another course holds, by trainee id: this round's applicants, then the
 * waitlisted trainees it would promote, until every one it would promote has been looked at (each
 * passed over lets the next one up). Read in as few round trips as timetable.ts can.
 */
async function clashesOf(state: CourseState, intents: Intent[], now: Date): Promise<Map<string, Clash>> {
  const applicants = intents.flatMap((i) => (i.kind === 'apply' && i.trainee ? [i.trainee] : []));
  const clashes = await clashesOfTrainees(applicants, state.course);
  const looked = new Set(applicants.map(String));
  for (;;) {
    const unseen = promotionCandidates(state, intents, now, clashes)
      .map((row) => String(row.trainee))
      .filter((t) => !looked.has(t));
    if (unseen.length === 0) return clashes;
    for (const t of unseen) looked.add(t);
    for (const [t, clash] of await clashesOfTrainees(unseen, state.course)) clashes.set(t, clash);
  }
}

/**
 * How long the copies that follow a round's answers may wait for the run to end: during a rush the
 * rounds answer first and one refresh then covers them all, but a run that never ends (a steady
 * stream of applications) does not keep them stale.
 */
const followWithinMs = 2_000;

/** Settles when the run ends, or after followWithinMs at the latest. */
function runEndedOrLate(run: Promise<void>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((resolve) => (timer = setTimeout(resolve, followWithinMs)));
  return Promise.race([run, late]).finally(() => clearTimeout(timer));
}

/** One round: decides every open intent of the course (and what the waitlist gains), writes it, answers the waiters. */
async function round(
  courseId: Types.ObjectId,
  state: CourseState,
  runEnded: Promise<void>,
): Promise<'idle' | 'done' | 'conflict'> {
  const intents = await openIntents(courseId);
  const [course, seats] = await Promise.all([Course.findById(courseId).lean<AllocCourse>(), readSeats(courseId)]);
  if (!course) return 'idle';
  state.course = course;
  state.seats = seats;
  const now = new Date();
  const clashes = await clashesOf(state, intents, now);
  const working = cloneState(state);
  const plan = planBatch(working, intents, now, clashes);
  const nothingToDo = intents.length === 0 && plan.steps.length === 0 && plan.queueOut.length === 0;
  if (nothingToDo) return 'idle';
  const staffWaiting = intents.some((i) => i.actor?.role !== undefined && i.actor.role !== 'trainee');
  const ahead = announcedChanges(plan, courseId, staffWaiting).map(markOf);
  if (
    !(await writePlan(
      course,
      plan,
      intents.map((i) => i._id),
      now,
      ahead,
    ))
  )
    return 'conflict';
  Object.assign(state, working);
  // The copies the answers need follow before them (once per round, not per request), the others once the run has
  // ended (copies/changes.ts). A failure leaves the mark for the resume job and still answers.
  const followAfter = runEndedOrLate(runEnded);
  for (const mark of ahead)
    await announceRecorded(mark, followAfter).catch((err: unknown) =>
      process.emitWarning(`copies after an allocation of course ${String(courseId)} failed: ${String(err)}`),
    );
  for (const outcome of plan.outcomes) waiters.get(outcome._id)?.(outcome);
  return 'done';
}

/** Holds the course's lease and decides its intents until none are left; false when another instance holds it. */
async function runWhileLeased(courseId: Types.ObjectId, runEnded: Promise<void>): Promise<boolean> {
  const key = String(courseId);
  if (!(await takeLease(key, leaseHolder))) return false;
  try {
    let state = await readCourseState(courseId);
    for (let i = 0; state && i < maxRounds; i++) {
      const result = await round(courseId, state, runEnded);
      if (result === 'idle') break;
      if (result === 'conflict') state = await readCourseState(courseId);
      if (!(await renewLease(key, leaseHolder))) break;
    }
  } finally {
    await releaseLease(key, leaseHolder);
  }
  return true;
}

/**
 * Makes sure the course's allocator runs (DESIGN.md, "Writes: intents, facts and copies"): one
 * at a time per course across every instance, by its lease. In this process a call while a run is
 * going makes it look once more when it ends, so an intent written just after its last look is
 * never left waiting. Resolves when this process's run ends (at once when another instance holds
 * the lease: its run decides the intent, or the waiter's next call takes over an expired lease).
 */
export function runAllocator(courseId: Types.ObjectId): Promise<void> {
  const key = String(courseId);
  const current = runs.get(key);
  if (current) {
    current.again = true;
    return current.done;
  }
  const entry = { done: Promise.resolve(), again: false };
  let ended: () => void = () => undefined;
  const runEnded = new Promise<void>((resolve) => (ended = resolve));
  entry.done = (async () => {
    try {
      do {
        entry.again = false;
        if (!(await runWhileLeased(courseId, runEnded))) break;
      } while (entry.again);
    } finally {
      runs.delete(key);
      ended();
    }
  })();
  runs.set(key, entry);
  return entry.done;
}

/** Resolves when every allocator run of this process has ended (shutdown waits for it). */
export async function allocatorsIdle(): Promise<void> {
  while (runs.size) await Promise.allSettled([...runs.values()].map((r) => r.done));
}
