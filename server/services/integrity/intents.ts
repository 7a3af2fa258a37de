import type { Types } from 'mongoose';
import { ActionIntent } from '../../../models/action-intent';
import { Course } from '../../../models/course';
import { CourseLease } from '../../../models/course-lease';
import { clock } from '../../lib/clock';
import { idsOf } from '../../lib/find-by-ids';
import { runAllocator } from '../allocation/allocator';
import { courseName, type Reads } from './reads';
import { NotRepaired, type Check, type Difference } from './types';

/** How long an action may stay undecided: a request waits 25 s for its answer, the allocator decides in milliseconds. */
export const intentDeadlineMs = 60_000;

interface IntentDifference extends Difference {
  key: string;
  course: Types.ObjectId;
}

/**
 * 6. No unfinished operation older than its deadline: an ActionIntent (models/action-intent.ts
 * holds only the open ones) more than a minute old means no allocator run has decided it, e.g.
 * the instance that wrote it died before it ran. Repair: the course's allocator is run, which
 * decides it with whatever else is open.
 */
export function staleIntents(reads: Reads): Check<IntentDifference> {
  return {
    name: 'stale-intents',
    description: `no action waits for the course's allocator longer than ${intentDeadlineMs / 1000} s`,
    safe: true,
    async find() {
      const now = clock.now();
      // Open intents only: a small collection, read whole; the courses of the stale ones by id,
      // so the periodic job's frequent run stays cheap on a large programme.
      const open = await ActionIntent.find({}, { course: 1, kind: 1, at: 1 }).lean();
      const stale = open.filter((i) => now - i.at.getTime() > intentDeadlineMs);
      const courses = await reads.coursesByIds(idsOf(stale, 'course'));
      return stale.map((i) => ({
        check: 'stale-intents',
        key: String(i._id),
        course: i.course,
        university: courses.get(String(i.course))?.university,
        target: { type: 'Course', id: i.course },
        text: `${courseName(courses, i.course)}: the ${i.kind} action ${String(i._id)} has waited since ${i.at.toISOString()} (${Math.round((now - i.at.getTime()) / 1000)} s) without being decided`,
      }));
    },
    async repair({ key, course }) {
      await runAllocator(course);
      if (!(await ActionIntent.exists({ _id: key }))) return;
      const lease = await CourseLease.findById(String(course)).lean();
      if (lease)
        throw new NotRepaired(
          `the course's allocator is held by ${lease.holder} until ${lease.expiresAt.toISOString()}; the next check looks again`,
        );
      if (!(await Course.exists({ _id: course })))
        throw new NotRepaired('its course does not exist, so nothing can decide it: a person removes it');
      throw new NotRepaired("the course's allocator ran and left it open; the next check looks again");
    },
  };
}
