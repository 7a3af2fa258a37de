import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { ActionIntent, type IntentKind } from '../../../models/action-intent';
import { ActionOutcome } from '../../../models/action-outcome';
import type { Actor } from '../../auth/actor';
import { DatabaseUnavailableError } from '../../errors';
import { crashPoint } from '../../lib/crash-point';
import { insertMissing } from '../../lib/insert-missing';
import { runAllocator, waitLocally } from './allocator';
import type { PlannedOutcome } from './plan';

export interface IntentRequest {
  /** The idempotency key: the same key is the same action, asked once however often it is sent. */
  key: string;
  course: Types.ObjectId;
  kind: IntentKind;
  actor: Actor;
  trainee?: Types.ObjectId;
  enrollment?: Types.ObjectId;
  category?: string;
  approved?: boolean;
  byStaff?: boolean;
  reason?: string;
  certificate?: { id: Types.ObjectId; number: string; title: { ko: string; en: string } };
}

/** How long intents for one course wait for others to join them in one insert. */
const groupWindowMs = 4;
/** How long a request waits for its outcome before it answers "try again" (its intent is still decided). */
const answerWithinMs = 25_000;
const pollMs = 60;

/** Intents written together per course: those that arrive within the window share one insertMany. */
const groups = new Map<string, { docs: object[]; written: Promise<void> }>();

function writeGrouped(course: Types.ObjectId, doc: object): Promise<void> {
  const key = String(course);
  const open = groups.get(key);
  if (open) {
    open.docs.push(doc);
    return open.written;
  }
  const group = { docs: [doc], written: Promise.resolve() };
  group.written = new Promise<void>((resolve) => setTimeout(resolve, groupWindowMs)).then(async () => {
    groups.delete(key);
    // A retried request's intent is there already (same key): it waits for the same outcome.
    await insertMissing(ActionIntent, group.docs);
  });
  groups.set(key, group);
  return group.written;
}

/** A key for an action whose form sent none: unique, so it is never mistaken for another. */
export function freshKey(kind: IntentKind): string {
  return `${kind}:${crypto.randomUUID()}`;
}

/** The outcome, from this process's allocator as it writes it, or read by key when another instance decides it. */
async function outcomeOf(request: IntentRequest): Promise<PlannedOutcome> {
  let settle: (outcome: PlannedOutcome) => void = () => undefined;
  const local = new Promise<PlannedOutcome>((resolve) => (settle = resolve));
  const stop = waitLocally(request.key, settle);
  const deadline = Date.now() + answerWithinMs;
  let timer: NodeJS.Timeout | undefined;
  // A run whose database never answers must not keep the request past its time either.
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), answerWithinMs)));
  try {
    for (let tries = 0; Date.now() < deadline; tries++) {
      // This process's run decides it, or finds the lease held elsewhere and returns at once.
      const run = runAllocator(request.course);
      const settled = await Promise.race([local, run.then(() => undefined), late]);
      if (settled) return settled;
      // Written with only the fields it has, so it reads back as the plan's outcome (a Map field reads as an object).
      const stored = await ActionOutcome.findById(request.key, { course: 0, at: 0 }).lean<PlannedOutcome>();
      if (stored) return stored;
      await Promise.race([local, new Promise((resolve) => setTimeout(resolve, pollMs * Math.min(tries + 1, 5)))]);
    }
    throw new DatabaseUnavailableError();
  } finally {
    clearTimeout(timer);
    stop();
  }
}

/**
 * Asks for an action on a course's places and waits for its real outcome: the intent is written
 * first (with others arriving together, in one insert), then the course's allocator decides it in
 * arrival order (allocator.ts). A crash after the intent was written loses nothing: whichever
 * instance next runs the course's allocator (a request, or the resume job) decides it.
 */
export async function submitIntent(request: IntentRequest): Promise<PlannedOutcome> {
  const { actor } = request;
  await writeGrouped(request.course, {
    _id: request.key,
    course: request.course,
    kind: request.kind,
    trainee: request.trainee,
    enrollment: request.enrollment,
    category: request.category,
    approved: request.approved ?? false,
    byStaff: request.byStaff ?? false,
    actor: { id: actor.id, role: actor.role, name: actor.name, email: actor.email, universityId: actor.universityId },
    reason: request.reason,
    certificate: request.certificate,
    at: new Date(),
  });
  crashPoint('apply.intent-written');
  return outcomeOf(request);
}

/**
 * Asks the course's allocator to look at its seats again without waiting for it: after a seat was
 * freed outside it (a clash gave way), or a course started seating more or stopped seating
 * (capacity raised, cancelled). The intent is durable, so the look happens even after a crash.
 */
export async function requestRefill(course: Types.ObjectId, actor?: Actor | null): Promise<void> {
  await writeGrouped(course, {
    _id: freshKey('refill'),
    course,
    kind: 'refill',
    actor: actor ? { id: actor.id, role: actor.role, name: actor.name, email: actor.email } : undefined,
    at: new Date(),
  });
  void runAllocator(course).catch((err: unknown) =>
    process.emitWarning(`allocator of course ${String(course)} failed: ${String(err)}`),
  );
}

/**
 * Has the course's allocator bring its places in line with the course as it now is, and waits for
 * it: a cancelled course's open applications are withdrawn and their trainees told.
 */
export async function settlePlaces(course: Types.ObjectId, actor: Actor): Promise<void> {
  await submitIntent({ key: freshKey('refill'), course, kind: 'refill', actor });
}
