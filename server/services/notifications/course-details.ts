import type { Types } from 'mongoose';
import { bySessionStart } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';

/** Who a course's news reaches (a schedule change, an announcement): everyone holding or waiting for a place. */
const audienceStatuses = ['enrolled', 'pending', 'waitlisted'] as const;

/** The trainees a course's news reaches: one read by the course (an indexed equality) and the statuses. */
export async function courseAudience(course: Types.ObjectId): Promise<Types.ObjectId[]> {
  const held = await Enrollment.find({ course, status: { $in: audienceStatuses } }, { trainee: 1 }).lean();
  return held.map((e) => e.trainee);
}

/** What a message needs to know of a course to say when and where it starts. */
export interface CourseDetailsRef {
  _id: Types.ObjectId;
  venue?: string | null;
  sessions?: readonly { date: string; start: string; end: string }[] | null;
}

/**
 * The first session's day, times and venue and the course's calendar file, as message parameters:
 * a mail that carries `firstDate` shows them in a paragraph of their own (mail/render.ts,
 * `mail.details.*`), with the calendar link made absolute on BASE_URL. Empty when the course has
 * no sessions yet.
 */
export function firstSessionParams(course: CourseDetailsRef): Record<string, string> {
  const first = [...(course.sessions ?? [])].sort(bySessionStart)[0];
  if (!first) return {};
  return {
    firstDate: first.date,
    firstStart: first.start,
    firstEnd: first.end,
    venue: course.venue ?? '',
    calendar: `/courses/${String(course._id)}/calendar.ics`,
  };
}
