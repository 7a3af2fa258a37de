import { readCacheVersion } from '../../../models/cache-version';
import type { Types } from 'mongoose';
import { Announcement } from '../../../models/announcement';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { VersionedCache } from '../../lib/versioned-cache';
import { recordAudit } from '../audit/record';
import { loadCourseFor } from '../course-base/access';
import { courseNotice } from '../course-base/course-ref';
import { courseAudience } from '../notifications/course-details';
import { recipientOf } from '../notifications/mail/outbox';
import { notifyKeyed } from '../notifications/notices';

export interface AnnouncementInput {
  subject: string;
  body: string;
}

/** An announcement as the pages show it. */
export interface ShownAnnouncement {
  id: string;
  subject: string;
  body: string;
  createdAt: Date;
}

/** Programme-wide announcements kept in memory, newest first (the /announcements page shows them all). */
const programmeKept = 100;
/** A course's announcements kept in memory, newest first. */
const courseKept = 10;
/** The home page shows the newest few. */
export const homeShown = 3;

interface Shown {
  programme: ShownAnnouncement[];
  byCourse: Map<string, ShownAnnouncement[]>;
}

const shown = (a: { _id: Types.ObjectId; subject: string; body: string; createdAt: Date }): ShownAnnouncement => ({
  id: String(a._id),
  subject: a.subject,
  body: a.body,
  createdAt: a.createdAt,
});

/**
 * Every page's announcements, built once per change of the `announcements` cache version (every
 * write to the collection changes it, models/announcement.ts): the home, /announcements and course
 * pages read them from memory behind the version, whose read they share with the catalog's.
 */
const cache = new VersionedCache<Shown>(
  () => readCacheVersion('announcements'),
  async () => {
    const all = await Announcement.find({}, { scope: 1, course: 1, subject: 1, body: 1, createdAt: 1 })
      .sort({ createdAt: -1 })
      .lean();
    const programme = all
      .filter((a) => a.scope === 'programme')
      .slice(0, programmeKept)
      .map(shown);
    const byCourse = new Map<string, ShownAnnouncement[]>();
    for (const a of all) {
      if (a.scope !== 'course' || !a.course) continue;
      const list = byCourse.get(String(a.course)) ?? [];
      if (list.length < courseKept) list.push(shown(a));
      byCourse.set(String(a.course), list);
    }
    return { programme, byCourse };
  },
);

/** The programme-wide announcements, newest first (`limit`: the home page's few). */
export async function programmeAnnouncements(limit?: number): Promise<ShownAnnouncement[]> {
  const { programme } = await cache.get();
  return limit === undefined ? programme : programme.slice(0, limit);
}

const noAnnouncements: readonly ShownAnnouncement[] = Object.freeze([]);

/**
 * A course's announcements, newest first: from memory, no read of its own on the course page;
 * the same list while none is posted or removed. Shared: not to be changed.
 */
export async function courseAnnouncements(courseId: string): Promise<readonly ShownAnnouncement[]> {
  return (await cache.get()).byCourse.get(courseId) ?? noAnnouncements;
}

/** City staff post a programme-wide announcement: shown on the home page and at /announcements. Audited. */
export async function postProgrammeAnnouncement(actor: Actor, input: AnnouncementInput): Promise<void> {
  assertCanOnProgramme(actor, 'announcements:manage');
  const created = await Announcement.create({ scope: 'programme', ...input, author: actor.id });
  await recordAudit({
    actor,
    action: 'announcement.post',
    target: { type: 'Announcement', id: created._id },
    meta: { scope: 'programme', subject: input.subject },
  });
}

/**
 * A course's staff post an announcement on its page, and every enrolled, pending and waitlisted
 * trainee is told (a notice, and mail in their language with a reply-to of the staff member).
 * Another university's course is a 404 (auth/policy.ts). Audited with the number told.
 */
export async function postCourseAnnouncement(
  actor: Actor,
  courseId: string,
  input: AnnouncementInput,
): Promise<number> {
  const course = await loadCourseFor(actor, courseId, 'announcement:course');
  const created = await Announcement.create({
    scope: 'course',
    course: course._id,
    university: course.university,
    ...input,
    author: actor.id,
  });
  const recipients = await courseAudience(course._id);
  const notice = courseNotice(course);
  await notifyKeyed(
    recipients.map((user) => ({
      key: `announcement:${String(created._id)}`,
      user,
      kind: 'announcement',
      params: { ...notice.params, subject: input.subject, body: input.body },
      link: `${notice.link}#announcements`,
      replyTo: recipientOf(actor),
    })),
  );
  await recordAudit({
    actor,
    action: 'announcement.post',
    target: { type: 'Announcement', id: created._id },
    university: course.university,
    meta: { scope: 'course', course: String(course._id), subject: input.subject, recipients: recipients.length },
  });
  return recipients.length;
}

/** A course's announcements for its staff's page (the course loaded and checked as for posting). */
export async function managedCourseAnnouncements(actor: Actor, courseId: string) {
  const course = await loadCourseFor(actor, courseId, 'announcement:course');
  return { course, announcements: await courseAnnouncements(String(course._id)) };
}
