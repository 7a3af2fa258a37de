import crypto from 'node:crypto';
import { Certificate, type CertificateDoc } from '../../../models/certificate';
import type { CourseDoc } from '../../../models/course';
import { NumberHint, recordNumberHint } from '../../../models/number-hint';
import type { Actor } from '../../auth/actor';
import { seoulWallClock } from '../../lib/calendar';
import { recordAudit } from '../audit/record';
import { insertWithNextNumber } from '../../lib/numbered-insert';
import { trainingPeriod } from './document';

export interface IssueInput {
  enrollmentId: string;
  /** With its sessions, the certificate records the training period (first to last session). */
  course: Pick<CourseDoc, '_id' | 'title' | 'totalHours' | 'university'> & { sessions?: readonly { date: string }[] };
  trainee: { _id: unknown; name: string };
  university: { code: string; name: { ko: string; en: string } };
  issuedAt?: Date;
}

/** Year of an instant on the Asia/Seoul calendar. */
function seoulYear(at: Date): number {
  return seoulWallClock(at).getUTCFullYear();
}

/** 22 characters of base64url from 128 random bits: unguessable, and short enough for a QR code. */
export function verificationCode(): string {
  return crypto.randomBytes(16).toString('base64url');
}

export function certificatePrefix(universityCode: string, at: Date): string {
  return `BTH-${universityCode.toUpperCase()}-${seoulYear(at)}-`;
}

/**
 * Issues the enrollment's certificate exactly once: the unique index on `enrollment`
 * turns a second (or concurrent) issue into the existing certificate, and the number
 * is claimed by a unique insert (BTH-POSTECH-2026-000123).
 */
export async function issueCertificate(actor: Actor | null, input: IssueInput): Promise<CertificateDoc> {
  const issuedAt = input.issuedAt ?? new Date();
  const prefix = certificatePrefix(input.university.code, issuedAt);
  const existing = () => Certificate.findOne({ enrollment: input.enrollmentId }).lean<CertificateDoc>();
  const already = await existing();
  if (already) return already;
  const period = trainingPeriod(input.course.sessions);
  let inserted = false;
  let hinted = false;
  const certificate = await insertWithNextNumber({
    // The hint first; after a collision, or without a hint, the university's own certificates.
    first: async () => {
      const hint = hinted ? null : await NumberHint.findById(prefix).lean();
      hinted = true;
      if (hint) return hint.last + 1;
      const last = await Certificate.findOne(
        { university: input.course.university, number: { $regex: `^${prefix}` } },
        { number: 1 },
      )
        .sort({ number: -1 })
        .lean();
      return last ? Number(last.number.slice(prefix.length)) + 1 : 1;
    },
    insert: async (n) => {
      const doc = await Certificate.create({
        number: `${prefix}${String(n).padStart(6, '0')}`,
        code: verificationCode(),
        enrollment: input.enrollmentId,
        course: input.course._id,
        trainee: input.trainee._id,
        university: input.course.university,
        issuedAt,
        issuedBy: actor?.id,
        hours: input.course.totalHours ?? 0,
        traineeName: input.trainee.name,
        courseTitle: input.course.title,
        universityName: input.university.name,
        periodFrom: period?.from,
        periodTo: period?.to,
      });
      inserted = true;
      await recordNumberHint(prefix, n);
      return doc.toObject<CertificateDoc>();
    },
    settled: existing,
  });
  if (!inserted) return certificate;
  await recordAudit({
    actor,
    action: 'certificate.issue',
    target: { type: 'Certificate', id: certificate._id },
    university: input.course.university,
    after: { number: certificate.number },
  });
  return certificate;
}
