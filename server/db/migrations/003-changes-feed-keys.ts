import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { User } from '../../../models/user';
import { seoulDayOf } from '../../lib/calendar';
import type { Migration } from './run-once';

const batch = 1_000;

/**
 * Gives the history events and anonymised accounts recorded before the changes feed existed what
 * it reads them by: an event its `day`, `course` and, on the step that created the enrollment, its
 * `trainee`; an anonymised account its `anonymisedMonth`. Once: the scan reads every event.
 */
export const changesFeedKeys: Migration = {
  name: 'changes-feed-keys-backfill',
  async migrate() {
    const events = await EnrollmentEvent.find({ day: { $exists: false } }, { enrollment: 1, from: 1, at: 1 }).lean();
    const enrollments = events.length
      ? new Map((await Enrollment.find({}, { course: 1, trainee: 1 }).lean()).map((e) => [String(e._id), e]))
      : new Map();
    for (let i = 0; i < events.length; i += batch)
      await EnrollmentEvent.bulkWrite(
        events.slice(i, i + batch).map((event) => {
          const enrollment = enrollments.get(String(event.enrollment));
          return {
            updateOne: {
              filter: { _id: event._id },
              update: {
                $set: {
                  day: seoulDayOf(event.at ?? new Date()),
                  ...(enrollment && { course: enrollment.course }),
                  ...(enrollment && (event.from ?? null) === null && { trainee: enrollment.trainee }),
                },
              },
            },
          };
        }),
        { ordered: false },
      );
    const anonymised = await User.find(
      { anonymisedAt: { $exists: true }, anonymisedMonth: { $exists: false } },
      { anonymisedAt: 1 },
    ).lean();
    for (const user of anonymised)
      await User.updateOne(
        { _id: user._id },
        { $set: { anonymisedMonth: seoulDayOf(user.anonymisedAt!).slice(0, 7) } },
      );
    return events.length + anonymised.length;
  },
};
