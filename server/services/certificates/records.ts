import { readCacheVersion } from '../../../models/cache-version';
import { Certificate, certificatesCacheKey, type CertificateDoc } from '../../../models/certificate';
import { Course, type CourseDoc } from '../../../models/course';
import { Enrollment, type EnrollmentDoc } from '../../../models/enrollment';
import { University } from '../../../models/university';
import type { Actor } from '../../auth/actor';
import { assertCan, can } from '../../auth/policy';
import { FormError, NotFoundError } from '../../errors';
import { findByIds, idsOf } from '../../lib/find-by-ids';
import { heldPerKey } from '../../lib/held-per-key';
import { freshKey, submitIntent } from '../allocation/submit';
import { loadCourseFor } from '../course-base/access';
import { skillsList } from '../courses/skills';
import { skillsRecord } from './skills-record';

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
  | {
      state: 'valid';
      /** Null once the holder's account was closed (anonymised): the certificate stays valid without a name. */
      name: string | null;
      courseTitle: { ko: string; en: string };
      universityName: { ko: string; en: string };
      hours: number;
      issuedAt: Date;
    };

/** The public check: exactly five facts for a valid code, nothing for an unknown or revoked one. */
export async function verifyCertificate(code: string): Promise<Verification> {
  const c =
    typeof code === 'string' && /^[\w-]{10,64}$/.test(code)
      ? await Certificate.findOne({ code }).lean<CertificateDoc>()
      : null;
  if (!c) return { state: 'unknown' };
  if (c.revokedAt) return { state: 'revoked' };
  return {
    state: 'valid',
    name: c.traineeAnonymised ? null : c.traineeName,
    courseTitle: c.courseTitle,
    universityName: c.universityName,
    hours: c.hours,
    issuedAt: c.issuedAt,
  };
}

/** Whether the actor may revoke the certificate now: its university's staff, while it is valid. */
export function mayRevoke(actor: Actor, certificate: CertificateDoc): boolean {
  return can(actor, 'certificate:revoke', certificate) && !certificate.revokedAt;
}

/** A certificate the actor may revoke (its university's staff), still valid; also what the page confirming a revocation shows. */
export async function revocableCertificate(actor: Actor, number: string): Promise<CertificateDoc> {
  const certificate = await Certificate.findOne({ number: String(number) }).lean<CertificateDoc>();
  if (!certificate) throw new NotFoundError();
  assertCan(actor, 'certificate:revoke', certificate);
  if (certificate.revokedAt) throw new FormError({ _form: 'certificates.errors.alreadyRevoked' });
  return certificate;
}

/**
 * Staff of the course's university revoke a certificate with a reason, and the completion goes
 * with it: the enrollment steps from completed to not_completed, which refreshes every figure that
 * counted it. The course's allocator decides it (allocation/), like every step of an enrollment:
 * the revocation is one durable intent, so a crash at any step is finished by whichever instance
 * next runs the allocator, and of simultaneous revocations only the first in arrival order
 * proceeds; the others are told it is already revoked.
 */
export async function revokeCertificate(actor: Actor, number: string, reason: string): Promise<CertificateDoc> {
  const certificate = await revocableCertificate(actor, number);
  const outcome = await submitIntent({
    key: freshKey('revoke'),
    course: certificate.course,
    kind: 'revoke',
    actor,
    trainee: certificate.trainee,
    enrollment: certificate.enrollment,
    reason,
    certificate: { id: certificate._id, number: certificate.number, title: certificate.courseTitle },
  });
  if (outcome.refusal) throw new FormError({ _form: 'certificates.errors.alreadyRevoked' });
  return { ...certificate, revokedAt: new Date(), revokeReason: reason };
}

/** A course's certificates, for its university's staff. */
export async function courseCertificates(
  actor: Actor,
  courseId: string,
): Promise<{ course: CourseDoc; certificates: CertificateDoc[] }> {
  const course = await loadCourseFor(actor, courseId, 'course:write');
  const certificates = await Certificate.find({ course: course._id }).sort({ number: 1 }).lean<CertificateDoc[]>();
  return { course, certificates };
}

/** Trainees whose certificates are held: written at completions and revocations only, read on every /me. */
const heldCertificates = heldPerKey(
  () => readCacheVersion(certificatesCacheKey),
  1_000,
  async (trainee) =>
    Object.freeze((await Certificate.find({ trainee }).lean<CertificateDoc[]>()).map((c) => Object.freeze(c))),
);

/** The trainee's certificates, revoked ones included (callers decide what to show); shared, not to be changed. */
export function ownCertificates(traineeId: string): Promise<readonly CertificateDoc[]> {
  return heldCertificates(traineeId);
}

/** Certificates keyed by their enrollment's id. */
export function byEnrollment(certificates: readonly CertificateDoc[]): Map<string, CertificateDoc> {
  return new Map(certificates.map((c) => [String(c.enrollment), c]));
}

/**
 * One completed course as the transcript (and the skills record) shows it: the certificate's
 * title and hours when there is one, else the course's.
 */
export function transcriptRow(
  enrollment: Pick<EnrollmentDoc, 'completion'>,
  course: Pick<CourseDoc, 'code' | 'title' | 'track' | 'totalHours' | 'skills'> | undefined,
  certificate: Pick<CertificateDoc, 'courseTitle' | 'hours' | 'number' | 'revokedAt'> | undefined,
) {
  return {
    courseCode: course?.code ?? '',
    courseTitle: certificate?.courseTitle ?? course?.title,
    track: course?.track,
    hours: certificate?.hours ?? course?.totalHours ?? 0,
    completedAt: enrollment.completion?.decidedAt,
    certificateNumber: certificate && !certificate.revokedAt ? certificate.number : undefined,
    skills: course?.skills ?? [],
  };
}

/** The trainee's completed courses across all universities, with their certificates, total hours and skills record. */
export async function getTranscript(actor: Actor) {
  const enrollments = await Enrollment.find({ trainee: actor.id, status: 'completed' }).lean();
  const courses = await findByIds(Course, idsOf(enrollments, 'course'));
  const universities = new Map((await University.find({}).lean()).map((u) => [String(u._id), u]));
  const certificates = byEnrollment(await heldCertificates(actor.id));
  const rows = enrollments
    .map((e) => ({
      ...transcriptRow(e, courses.get(String(e.course)), certificates.get(String(e._id))),
      universityName: universities.get(String(e.university))?.name,
    }))
    .sort((a, b) =>
      String(a.completedAt?.toISOString() ?? '').localeCompare(String(b.completedAt?.toISOString() ?? '')),
    );
  return {
    rows,
    totalHours: Math.round(rows.reduce((s, r) => s + r.hours, 0) * 10) / 10,
    skills: skillsRecord(rows, (await skillsList()).skills),
  };
}
