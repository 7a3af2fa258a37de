import crypto from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Types } from 'mongoose';
import { ActionIntent } from '../../../models/action-intent';
import { runAllocator } from '../allocation/allocator';
import { releaseLease, takeLease } from '../allocation/lease';
import { NotRepaired } from './types';

/** Names the data check in the course leases it takes (models/course-lease.ts). */
const holder = `check-data:${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

/** How long a repair waits for the course's allocator to finish a run (each takes milliseconds; a stuck one holds its lease 10 s). */
const waitForLeaseMs = 3_000;

/** Takes the course's lease, waiting a little for a run that holds it to end. */
async function takeLeaseSoon(key: string): Promise<boolean> {
  for (const deadline = Date.now() + waitForLeaseMs; ; await sleep(100)) {
    if (await takeLease(key, holder)) return true;
    if (Date.now() > deadline) return false;
  }
}

/**
 * Runs a repair of a course's places (seats, waitlist, enrollment steps) while nothing else decides
 * them: it holds the course allocator's own lease, so no batch is written while the repair looks
 * again and writes, and it refuses while the course has intents open (a crash between the
 * allocator's writes leaves facts that look like drift, which its next run completes). A request
 * arriving meanwhile finds the lease taken and waits; its intent is decided once the lease is back.
 * The allocator is not run first: it would hand a seat that only looks free (its enrollment holds
 * it without the seat document) to the waitlist.
 */
export async function withCourseHeld<T>(course: Types.ObjectId, repair: () => Promise<T>): Promise<T> {
  const key = String(course);
  if (!(await takeLeaseSoon(key)))
    throw new NotRepaired("the course's allocator is deciding its applications right now; the next check looks again");
  try {
    if (await ActionIntent.exists({ course }))
      throw new NotRepaired(
        'the course has applications or decisions still being decided; its allocator finishes them, and the next check looks again',
      );
    return await repair();
  } finally {
    await releaseLease(key, holder);
    if (await ActionIntent.exists({ course })) await runAllocator(course);
  }
}
