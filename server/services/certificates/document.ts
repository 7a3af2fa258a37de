import type { CertificateDoc } from '../../../models/certificate';
import { Course } from '../../../models/course';
import type { CertificateSeal } from './seal';

/** What every certificate of this site carries besides its own facts: the configured signatory line and seal. */
export interface CertificateLook {
  baseUrl: string;
  signatory: string | undefined;
  seal: CertificateSeal | undefined;
}

/** First to last session day (YYYY-MM-DD), or null for a course without sessions. */
export interface TrainingPeriod {
  from: string;
  to: string;
}

export function trainingPeriod(sessions: readonly { date: string }[] | undefined): TrainingPeriod | null {
  const days = (sessions ?? []).map((s) => s.date).sort();
  return days.length ? { from: days[0]!, to: days.at(-1)! } : null;
}

/**
 * The training period a certificate states: the one recorded at issue, or, for a certificate
 * issued before periods were recorded, its course's sessions (one read by id).
 */
export async function certificatePeriod(
  c: Pick<CertificateDoc, 'course' | 'periodFrom' | 'periodTo'>,
): Promise<TrainingPeriod | null> {
  if (c.periodFrom && c.periodTo) return { from: c.periodFrom, to: c.periodTo };
  const course = await Course.findById(c.course, { sessions: 1 }).lean();
  return trainingPeriod(course?.sessions);
}

/** The web certificate's extras: its period, the signatory line and the seal as a data: URI (the CSP allows data: images). */
export async function certificateExtras(c: CertificateDoc, look: CertificateLook) {
  const sealUri = look.seal && `data:${look.seal.mime};base64,${look.seal.image.toString('base64')}`;
  return {
    period: await certificatePeriod(c),
    signature: look.signatory || sealUri ? { line: look.signatory, sealUri } : undefined,
  };
}
