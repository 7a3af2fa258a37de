import { Attendance } from '../../../models/attendance';
import { AuditEvent } from '../../../models/audit-event';
import { Certificate } from '../../../models/certificate';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { Notification } from '../../../models/notification';
import { OutcomeAnswer } from '../../../models/outcome-answer';
import { OutcomeRequest } from '../../../models/outcome-request';
import { University } from '../../../models/university';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { NotFoundError } from '../../errors';
import { findByIds, idsOf } from '../../lib/find-by-ids';

/**
 * Everything the system holds about a trainee (their right of access): account, profile and
 * consents, enrollments with their attendance, certificates, notices, follow-up rounds and answers,
 * and the audit entries about them or by them. Each part is one indexed equality on the trainee
 * (attendance: on each enrollment); only the password hash is left out.
 */
export async function personalData(actor: Actor) {
  const user = await User.findOne({ _id: actor.id }, { passwordHash: 0 }).lean();
  if (!user) throw new NotFoundError();
  const [enrollments, certificates, notifications, followUpRequests, followUpAnswers, auditAbout, auditBy] =
    await Promise.all([
      Enrollment.find({ trainee: user._id }).lean(),
      Certificate.find({ trainee: user._id }).lean(),
      Notification.find({ user: user._id }).lean(),
      OutcomeRequest.find({ trainee: user._id }).lean(),
      OutcomeAnswer.find({ trainee: user._id }).lean(),
      AuditEvent.find({ targetId: user._id }).lean(),
      AuditEvent.find({ actor: user._id }).lean(),
    ]);
  const [courses, universities, attendance] = await Promise.all([
    findByIds(Course, idsOf(enrollments, 'course'), { code: 1, title: 1 }),
    findByIds(University, idsOf(enrollments, 'university'), { code: 1, name: 1 }),
    Promise.all(enrollments.map((e) => Attendance.find({ enrollment: e._id }).lean())),
  ]);
  // An entry both about and by the trainee (their own profile change) is listed once.
  const seen = new Set(auditAbout.map((a) => String(a._id)));
  const audit = [...auditAbout, ...auditBy.filter((a) => !seen.has(String(a._id)))].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
  return {
    account: user,
    enrollments: enrollments.map((e, i) => ({
      ...e,
      courseCode: courses.get(String(e.course))?.code,
      courseTitle: courses.get(String(e.course))?.title,
      universityName: universities.get(String(e.university))?.name,
      attendance: attendance[i] ?? [],
    })),
    certificates,
    notifications,
    followUpRequests,
    followUpAnswers,
    audit,
  };
}
