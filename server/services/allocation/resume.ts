import { Types } from 'mongoose';
import { ActionIntent } from '../../../models/action-intent';
import { announcePending, markSettleMs } from '../copies/changes';
import { runAllocator } from './allocator';
import { leaseMs } from './lease';

/**
 * Finishes actions that a crash or a lost request left undecided (DESIGN.md, "Every multi-step
 * action is resumable"): every course with an open intent has its allocator run, which decides the
 * intents and completes any half-written batch from the facts that were written; and every change
 * recorded ahead whose writer stopped is announced, so its copies follow (copies/changes.ts). A
 * course whose lease a dead instance still holds is looked at again once that lease has expired,
 * and a mark once its writer has had time to finish; bounded by both. Returns how many courses had
 * open intents.
 */
export async function resumeOpenIntents(): Promise<number> {
  let resumed = 0;
  for (const deadline = Date.now() + Math.max(leaseMs, markSettleMs) + 1_000; ;) {
    const courses = new Set((await ActionIntent.find({}, { course: 1 }).lean()).map((i) => String(i.course)));
    resumed = Math.max(resumed, courses.size);
    for (const course of courses) await runAllocator(new Types.ObjectId(course));
    const young = await announcePending();
    if ((courses.size === 0 && young === 0) || Date.now() > deadline) return resumed;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
