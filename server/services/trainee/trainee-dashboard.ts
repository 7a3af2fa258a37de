import type { CertificateDoc } from '../../../models/certificate';
import { bySessionStart, seoulTime, type CourseDoc } from '../../../models/course';
import type { EnrollmentStatus } from '../../../models/enrollment';
import type { ShownNotice } from '../../../models/notification';
import type { SkillDoc } from '../../../models/skill';
import type { Actor } from '../../auth/actor';
import { clock } from '../../lib/clock';
import { idsOf } from '../../lib/find-by-ids';
import { catalogSnapshot, coursesByIds, type CatalogSnapshot } from '../course-base/catalog-snapshot';
import { gridStatuses, ownAttendance } from '../attendance/grid';
import { traineeSheetMarks, type Marks } from '../copies/attendance-sheets';
import { byEnrollment, ownCertificates, transcriptRow } from '../certificates/records';
import { skillsRecord } from '../certificates/skills-record';
import { skillsList } from '../courses/skills';
import { feedCreatedAt } from './calendar-feed';
import { hasStarted } from '../course-base/course-ref';
import { heldWaitlistRanks } from '../course-base/waitlist-ranks';
import { readNotifications } from '../notifications/notices';
import { ownEnrollments, type OwnEnrollment } from '../enrollment/own-enrollment';

const finishedStatuses: readonly EnrollmentStatus[] = ['completed', 'not_completed'];
const groups: readonly { key: string; statuses: readonly EnrollmentStatus[] }[] = [
  { key: 'active', statuses: ['enrolled', 'pending'] },
  { key: 'waitlisted', statuses: ['waitlisted'] },
  { key: 'finished', statuses: finishedStatuses },
  { key: 'inactive', statuses: ['withdrawn', 'rejected', 'lapsed'] },
];

const byNewestApplication = (a: OwnEnrollment, b: OwnEnrollment) => b.appliedAt.getTime() - a.appliedAt.getTime();

const noMarks: Marks = new Map();
const noCertificates: readonly CertificateDoc[] = Object.freeze([]);

/**
 * Everything /me is drawn from, as the held copies hand it out: shared values that are replaced,
 * never changed, when their facts change, so that what was drawn from them can be kept while each
 * is the same object (`factSources`, routes/me/dashboard.ts).
 */
export interface DashboardFacts {
  enrollments: readonly OwnEnrollment[];
  notifications: readonly ShownNotice[];
  calendarFeedSince: Date | undefined;
  catalog: CatalogSnapshot;
  courses: ReadonlyMap<string, CourseDoc>;
  marks: Marks;
  certificates: readonly CertificateDoc[];
  skills: readonly SkillDoc[];
  /** The queue of each course the trainee waits on, by course id. */
  waitlists: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Every shared object the facts hold, in a fixed order, to compare by identity. */
export function factSources(facts: DashboardFacts): unknown[] {
  const { enrollments, notifications, calendarFeedSince, catalog, marks, certificates, skills } = facts;
  return [
    enrollments,
    notifications,
    calendarFeedSince,
    catalog,
    marks,
    certificates,
    skills,
    ...facts.courses.values(),
    ...facts.waitlists.values(),
  ];
}

const attends = (e: OwnEnrollment) => (gridStatuses as readonly string[]).includes(e.status);

/** What the trainee's page is drawn from: every part held, so a trainee looking again reads nothing. */
export async function dashboardFacts(actor: Actor): Promise<DashboardFacts> {
  const [enrollments, notifications, calendarFeedSince, catalog] = await Promise.all([
    ownEnrollments(actor.id),
    readNotifications(actor.id),
    feedCreatedAt(actor),
    catalogSnapshot(),
  ]);
  const waiting = enrollments.filter((e) => e.status === 'waitlisted').map((e) => String(e.course));
  // A certificate exists only for a completion, kept (revoked) when it is undone: nobody else has one to read.
  const decided = enrollments.some((e) => (finishedStatuses as readonly string[]).includes(e.status));
  const [courses, marks, certificates, { skills }, ranks] = await Promise.all([
    coursesByIds(idsOf(enrollments, 'course')),
    enrollments.some(attends) ? traineeSheetMarks(actor.id) : noMarks,
    decided ? ownCertificates(actor.id) : noCertificates,
    skillsList(),
    Promise.all(waiting.map((course) => heldWaitlistRanks(course))),
  ]);
  const waitlists = new Map(waiting.map((course, i) => [course, ranks[i]!]));
  return {
    enrollments,
    notifications,
    calendarFeedSince,
    catalog,
    courses,
    marks,
    certificates,
    skills,
    waitlists,
  };
}

/**
 * What a trainee sees on /me: applications by status (with attendance risk while enrolled, the
 * certificate once completed, or when it was revoked), the coming sessions of confirmed places,
 * the skills record of the completed courses, notifications, and since when the trainee has a
 * calendar address. `changesAt`: the next moment at which the clock alone changes what it shows
 * (a course starts, a session ends).
 */
export function traineeDashboard(facts: DashboardFacts, now: Date) {
  const { courses, catalog, waitlists } = facts;
  const enrollments = facts.enrollments.toSorted(byNewestApplication);
  // Attendance: the rate as completion counts it while enrolled, every session's mark after too.
  const attendance = ownAttendance(enrollments.filter(attends), courses, facts.marks, now);
  const certificates = byEnrollment(facts.certificates);
  const items = enrollments.map((e) => {
    const course = courses.get(String(e.course));
    const withdrawable =
      ['pending', 'enrolled', 'waitlisted'].includes(e.status) && !!course && !hasStarted(course, now);
    const certificate = certificates.get(String(e._id));
    return {
      ...e,
      id: String(e._id),
      course,
      university: course && catalog.universityById.get(String(course.university)),
      waitlistRank: e.status === 'waitlisted' ? waitlists.get(String(e.course))?.get(String(e._id)) : undefined,
      withdrawable,
      risk: e.status === 'enrolled' ? attendance[String(e.course)] : undefined,
      attendance: attendance[String(e.course)],
      certificateNumber:
        e.status === 'completed' && certificate && !certificate.revokedAt ? certificate.number : undefined,
      certificateRevokedAt: certificate?.revokedAt ?? undefined,
    };
  });
  // Only confirmed places: an application awaiting approval has no sessions the trainee will attend yet.
  const upcoming = items
    .filter((i) => i.status === 'enrolled' && i.course?.status !== 'cancelled')
    .flatMap((i) =>
      (i.course?.sessions ?? [])
        .filter((s) => seoulTime(s.date, s.end) > now)
        .map((s) => ({ ...s, course: i.course! })),
    )
    .sort(bySessionStart)
    .slice(0, 10);
  return {
    groups: groups
      .map((g) => ({ key: g.key, items: items.filter((i) => g.statuses.includes(i.status)) }))
      .filter((g) => g.items.length > 0),
    upcoming,
    awaitingApproval: items.some((i) => i.status === 'pending'),
    skills: skillsRecord(
      enrollments
        .filter((e) => e.status === 'completed')
        .map((e) => transcriptRow(e, courses.get(String(e.course)), certificates.get(String(e._id)))),
      facts.skills,
    ),
    notifications: facts.notifications,
    calendarFeedSince: facts.calendarFeedSince,
    changesAt: nextChange(courses.values(), now),
  };
}

/** The first start of a course or end of a session after `now` (withdrawal, risk and coming sessions turn on them). */
function nextChange(courses: Iterable<CourseDoc>, now: Date): number {
  let next = Infinity;
  const consider = (at: number) => {
    if (at > now.getTime() && at < next) next = at;
  };
  for (const course of courses) {
    if (course.startsAt) consider(course.startsAt.getTime());
    for (const s of course.sessions) consider(seoulTime(s.date, s.end).getTime());
  }
  return next;
}

/** The trainee's page at `now`, read and drawn at once. */
export async function buildTraineeDashboard(actor: Actor, now = new Date(clock.now())) {
  return traineeDashboard(await dashboardFacts(actor), now);
}
