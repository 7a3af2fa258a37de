import type { CertificateDoc } from '../../../models/certificate';
import { bySessionStart, seoulTime } from '../../../models/course';
import type { EnrollmentStatus } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { idsOf } from '../../lib/find-by-ids';
import { catalogSnapshot, coursesByIds } from '../course-base/catalog-snapshot';
import { gridStatuses, traineeRisk } from '../attendance/grid';
import { certificatesByEnrollment, transcriptRow } from '../certificates/records';
import { skillsRecord } from '../certificates/skills-record';
import { skillsList } from '../courses/skills';
import { feedCreatedAt } from './calendar-feed';
import { hasStarted } from '../course-base/course-ref';
import { waitlistRanks } from '../course-base/waitlist-ranks';
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

/**
 * What a trainee sees on /me: applications by status (with attendance risk while enrolled, the
 * certificate once completed, or when it was revoked), the coming sessions of confirmed places,
 * the skills record of the completed courses, notifications, and since when the trainee has a
 * calendar address.
 */
export async function buildTraineeDashboard(actor: Actor, now = new Date()) {
  const [enrollments, notifications, calendarFeedSince] = await Promise.all([
    ownEnrollments(actor.id).then((own) => own.toSorted(byNewestApplication)),
    readNotifications(actor.id),
    feedCreatedAt(actor),
  ]);
  const [courses, { universityById }] = await Promise.all([
    coursesByIds(idsOf(enrollments, 'course')),
    catalogSnapshot(),
  ]);
  // Attendance (one read of the trainee's sheets): the rate as completion counts it while enrolled, every session's mark after too.
  const attending = enrollments.filter((e) => (gridStatuses as readonly string[]).includes(e.status));
  // A certificate exists only for a completion, kept (revoked) when it is undone: nobody else has one to read.
  const decided = enrollments.some((e) => (finishedStatuses as readonly string[]).includes(e.status));
  const [attendance, certificates, { skills }] = await Promise.all([
    traineeRisk(attending, courses),
    decided ? certificatesByEnrollment(actor.id) : new Map<string, CertificateDoc>(),
    skillsList(),
  ]);
  const items = await Promise.all(
    enrollments.map(async (e) => {
      const course = courses.get(String(e.course));
      const waitlistRank = e.status === 'waitlisted' ? (await waitlistRanks(e.course)).get(String(e._id)) : undefined;
      const withdrawable =
        ['pending', 'enrolled', 'waitlisted'].includes(e.status) && !!course && !hasStarted(course, now);
      const certificate = certificates.get(String(e._id));
      return {
        ...e,
        id: String(e._id),
        course,
        university: course && universityById.get(String(course.university)),
        waitlistRank,
        withdrawable,
        risk: e.status === 'enrolled' ? attendance[String(e.course)] : undefined,
        attendance: attendance[String(e.course)],
        certificateNumber:
          e.status === 'completed' && certificate && !certificate.revokedAt ? certificate.number : undefined,
        certificateRevokedAt: certificate?.revokedAt ?? undefined,
      };
    }),
  );
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
      skills,
    ),
    notifications,
    calendarFeedSince,
  };
}
