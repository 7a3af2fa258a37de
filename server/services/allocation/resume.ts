import { Types } from 'mongoose';
import { ActionIntent } from '../../../models/action-intent';
import { announcePending } from '../copies/changes';
import { runAllocator } from './allocator';
import { leaseMs } from './lease';

/**
 * Finishes actions that a crash or a lost request left undecided (DESIGN.md, "Every multi-step
 * action is resumable"): every course with an open intent has its allocator run, which decides the
 * intents and completes any half-written batch from the facts that were written. A course whose
 * lease a dead instance still holds is looked at again once that lease has expired; bounded by it.
 * Returns how many courses had open intents.
 */
export async function resumeOpenIntents(): Promise<number> {
  let resumed = 0;
  for (const deadline = Date.now() + leaseMs + 1_000; ;) {
    const courses = new Set((await ActionIntent.find({}, { course: 1 }).lean()).map((i) => String(i.course)));
    resumed = Math.max(resumed, courses.size);
    for (const course of courses) await runAllocator(new Types.ObjectId(course));
    if (courses.size === 0 || Date.now() > deadline) {
      await announcePending();
      return resumed;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
