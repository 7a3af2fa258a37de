import { Certificate, type CertificateDoc } from '../../models/certificate';
import { Course, type CourseDoc } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { University } from '../../models/university';
import type { Actor } from '../auth/actor';
import { assertCan } from '../auth/policy';
import { FormError, NotFoundError } from '../errors';
import { findByIds } from '../lib/find-by-ids';
import { recordAudit } from './audit';
import { loadCourseFor } from './course-access';

/** The certificate for its owner, the course's university staff and city staff; anyone else gets 404. */
export async function getCertificate(actor: Actor, number: string): Promise<CertificateDoc> {
  const certificate = await Certificate.findOne({ number: String(number) }).lean<CertificateDoc>();
  if (!certificate) throw new NotFoundError();
  assertCan(actor, 'certificate:read', certificate);
  return certificate;
}

export type Verification =
  | { state: 'unknown' }
  | { state: 'revoked' }
  | { state: 'valid'; name: string; courseTitle: { ko: string; en: string }; universityName: { ko: string; en: string }; hours: number; issuedAt: Date };

/** The public check: exactly five facts for a valid code, nothing for an unknown or revoked one. */
export async function verifyCertificate(code: string): Promise<Verification> {
  const c = typeof code === 'string' && /^[\w-]{10,64}$/.test(code) ? await Certificate.findOne({ code }).lean<CertificateDoc>() : null;
  if (!c) return { state: 'unknown' };
  if (c.revokedAt) return { state: 'revoked' };
  return { state: 'valid', name: c.traineeName, courseTitle: c.courseTitle, universityName: c.universityName, hours: c.hours, issuedAt: c.issuedAt };
}

/** Staff of the course's university revoke a certificate with a reason (audited). */
export async function revokeCertificate(actor: Actor, number: string, reason: string): Promise<CertificateDoc> {
  const certificate = await Certificate.findOne({ number: String(number) }).lean<CertificateDoc>();
  if (!certificate) throw new NotFoundError();
  assertCan(actor, 'certificate:revoke', certificate);
  if (certificate.revokedAt) throw new FormError({ reason: 'certificates.errors.alreadyRevoked' });
  const revokedAt = new Date();
  await Certificate.updateOne({ _id: certificate._id }, { $set: { revokedAt, revokedBy: actor.id, revokeReason: reason } });
  await recordAudit({ actor, action: 'certificate.revoke', target: { type: 'Certificate', id: certificate._id }, university: certificate.university, before: { revoked: false }, after: { revoked: true }, meta: { reason } });
  return { ...certificate, revokedAt, revokeReason: reason };
}

/** A course's certificates, for its university's staff. */
export async function courseCertificates(actor: Actor, courseId: string): Promise<{ course: CourseDoc; certificates: CertificateDoc[] }> {
  const course = await loadCourseFor(actor, courseId, 'course:write');
  const certificates = await Certificate.find({ course: course._id }).sort({ number: 1 }).lean<CertificateDoc[]>();
  return { course, certificates };
}

/** The trainee's certificates keyed by enrollment id (revoked ones included: callers decide what to show). */
export async function certificatesByEnrollment(traineeId: string): Promise<Map<string, CertificateDoc>> {
  return new Map((await Certificate.find({ trainee: traineeId }).lean<CertificateDoc[]>()).map((c) => [String(c.enrollment), c]));
}

/** The trainee's completed courses across all universities, with their certificates and total hours. */
export async function getTranscript(actor: Actor) {
  const enrollments = await Enrollment.find({ trainee: actor.id, status: 'completed' }).lean();
  const courses = await findByIds(Course, enrollments.map((e) => e.course));
  const universities = new Map((await University.find({}).lean()).map((u) => [String(u._id), u]));
  const certificates = await certificatesByEnrollment(actor.id);
  const rows = enrollments
    .map((e) => {
      const course = courses.get(String(e.course));
      const certificate = certificates.get(String(e._id));
      return {
        courseCode: course?.code ?? '',
        courseTitle: certificate?.courseTitle ?? course?.title,
        universityName: universities.get(String(e.university))?.name,
        track: course?.track,
        hours: certificate?.hours ?? course?.totalHours ?? 0,
        completedAt: e.completion?.decidedAt,
        certificateNumber: certificate && !certificate.revokedAt ? certificate.number : undefined,
      };
    })
    .sort((a, b) => String(a.completedAt?.toISOString() ?? '').localeCompare(String(b.completedAt?.toISOString() ?? '')));
  return { rows, totalHours: Math.round(rows.reduce((s, r) => s + r.hours, 0) * 10) / 10 };
}
