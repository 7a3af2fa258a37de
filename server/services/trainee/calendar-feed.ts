import type { i18n } from 'i18next';
import { readCacheVersion } from '../../../models/cache-version';
import { CalendarFeed, calendarFeedsCacheKey } from '../../../models/calendar-feed';
import { Course } from '../../../models/course';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { University } from '../../../models/university';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { NotFoundError } from '../../errors';
import { isLocale, defaultLocale } from '../../i18n';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { findByIds, idsOf } from '../../lib/find-by-ids';
import { heldPerKey } from '../../lib/held-per-key';
import { digestToken, looksLikeToken, newToken } from '../../lib/one-time-token';
import { recordAudit } from '../audit/record';
import { buildCalendar } from '../courses/course-calendar';

/**
 * Places whose sessions the trainee attends or attended: a confirmed seat, and finished courses
 * (kept so the calendar still shows past training). An application awaiting approval, a waitlist
 * place, a withdrawal, a rejection or a lapse holds no session of the trainee's.
 */
export const feedStatuses: readonly EnrollmentStatus[] = ['enrolled', 'completed', 'not_completed'];

/** The address a calendar app subscribes to; built on BASE_URL like every link that leaves the app. */
export function feedUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/calendar/${token}.ics`;
}

/** Trainees' feed dates held: written when a trainee sets up or turns off the address, read on every /me. */
const heldFeedSince = heldPerKey(
  () => readCacheVersion(calendarFeedsCacheKey),
  1_000,
  async (trainee) => (await CalendarFeed.findOne({ trainee }, { createdAt: 1 }).lean())?.createdAt,
);

/** When the trainee's current address was made, or undefined when they have none. */
export async function feedCreatedAt(actor: Actor): Promise<Date | undefined> {
  return heldFeedSince(actor.id);
}

/**
 * Gives the trainee a new secret address, replacing (and so revoking at once) any earlier one.
 * The token is returned once, to be shown; only its hash is stored.
 */
export async function resetFeed(actor: Actor, ip?: string): Promise<string> {
  const { token, tokenHash } = newToken();
  const write = () =>
    CalendarFeed.updateOne(
      { trainee: actor.id },
      { $set: { tokenHash, createdAt: new Date() } },
      { upsert: true },
    ).then((r) => r.upsertedCount > 0);
  // Two first resets at once may both insert; the unique index refuses one, which then updates.
  const created = await write().catch((err: unknown) => {
    if (isDuplicateKey(err)) return write();
    throw err;
  });
  await recordAudit({
    actor,
    action: created ? 'calendar_feed.created' : 'calendar_feed.reset',
    target: { type: 'User', id: actor.id },
    ip,
  });
  return token;
}

/** Turns the trainee's address off; nothing happens when there is none. */
export async function revokeFeed(actor: Actor, ip?: string): Promise<void> {
  const { deletedCount } = await CalendarFeed.deleteOne({ trainee: actor.id });
  if (deletedCount)
    await recordAudit({ actor, action: 'calendar_feed.revoked', target: { type: 'User', id: actor.id }, ip });
}

/**
 * The ICS feed behind a secret address, in the trainee's language. Every read is an indexed
 * equality or an `_id` lookup: the address by its hash, the trainee, their enrollments, then each
 * course and university by id. An unknown, revoked or malformed token, or a deactivated account, is a 404.
 */
export async function personalFeed(token: string, i18next: i18n, baseUrl: string): Promise<string> {
  if (!looksLikeToken(token)) throw new NotFoundError();
  const feed = await CalendarFeed.findOne({ tokenHash: digestToken(token) }).lean();
  if (!feed) throw new NotFoundError();
  const [trainee, enrollments] = await Promise.all([
    User.findById(feed.trainee, { locale: 1, active: 1, role: 1 }).lean(),
    Enrollment.find({ trainee: feed.trainee, status: { $in: [...feedStatuses] } }, { course: 1 }).lean(),
  ]);
  if (!trainee || trainee.active === false || trainee.role !== 'trainee') throw new NotFoundError();
  const byId = await findByIds(Course, idsOf(enrollments, 'course'));
  const courses = [...byId.values()];
  const universities = await findByIds(University, idsOf(courses, 'university'), { name: 1 });
  const lang = isLocale(trainee.locale) ? trainee.locale : defaultLocale;
  const t = i18next.getFixedT(lang);
  return buildCalendar({
    name: t('me.calendar.feedName'),
    lang,
    t,
    baseUrl,
    courses: courses.map((course) => ({ course, universityName: universities.get(String(course.university))?.name })),
  });
}
