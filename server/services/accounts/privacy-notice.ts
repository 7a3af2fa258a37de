import type { PrivacyNoticeConfig } from '../../config';
import { consentVersion, privacyConsentVersion } from './consent';

/**
 * The privacy notice (개인정보 처리방침) as the operator configured it, with what the Personal
 * Information Protection Act asks a notice to state: the items and purposes, provision to a third
 * party (the reporting to Pohang City), retention in years, the data subject's rights and how to
 * use them, and the data protection officer with how to reach them.
 */
export function privacyNoticeView(notice: PrivacyNoticeConfig, retentionDays: number) {
  return {
    notice,
    consentVersion,
    privacyConsentVersion,
    retentionDays,
    /** RETENTION_DAYS in years, to one decimal where it is not a whole number of years. */
    retentionYears: Math.round((retentionDays / 365) * 10) / 10,
  };
}
