import { CourseLease } from '../../../models/course-lease';
import { wroteFirst } from '../../lib/duplicate-key';

/** How long a lease lasts without renewal: a holder that died gives the course up after this. */
export const leaseMs = 10_000;

/**
 * Takes the course's allocator lease for `holder`: a unique insert, so one holder across every
 * instance. A lease past its expiry (its holder died or hung) is taken over by deleting exactly
 * that lease (a delete claims once), then inserting anew. A holder takes its own lease back at
 * once. True when `holder` now holds it.
 */
export async function takeLease(course: string, holder: string, now = Date.now()): Promise<boolean> {
  const lease = () => CourseLease.create({ _id: course, holder, expiresAt: new Date(now + leaseMs) });
  if (await wroteFirst(lease())) return true;
  const current = await CourseLease.findById(course).lean();
  // Its own lease, which a run of its own could not release (the database went away mid-run): a
  // holder runs a course once at a time, so that run is over. Waiting for the expiry would keep its
  // next applicants waiting ten seconds after the database came back.
  if (current?.holder === holder) return renewLease(course, holder, now);
  if (current && current.expiresAt.getTime() > now) return false;
  if (current) {
    const taken = await CourseLease.deleteOne({ _id: course, holder: current.holder, expiresAt: current.expiresAt });
    if (taken.deletedCount !== 1) return false;
  }
  return wroteFirst(lease());
}

/** Extends the holder's lease; false when it is no longer theirs (it expired and was taken over). */
export async function renewLease(course: string, holder: string, now = Date.now()): Promise<boolean> {
  const result = await CourseLease.updateOne({ _id: course, holder }, { $set: { expiresAt: new Date(now + leaseMs) } });
  return result.matchedCount === 1;
}

export async function releaseLease(course: string, holder: string): Promise<void> {
  await CourseLease.deleteOne({ _id: course, holder });
}
