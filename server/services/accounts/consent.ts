/** The version of the named-reporting consent wording (auth.consent.text) shown to trainees. */
export const consentVersion = '2026-1';
/** The version of the outcome follow-up consent wording (auth.followUp.text). */
export const followUpConsentVersion = '2026-1';
/** The version of the required notice on collecting and using personal data (auth.privacyConsent). */
export const privacyConsentVersion = '2026-1';

/** One withdrawable consent: given or not, when, to which wording, and when last withdrawn. */
export interface ConsentRecord {
  given: boolean;
  at?: Date | null;
  version?: string | null;
  withdrawnAt?: Date | null;
}

/**
 * The consent after the trainee's choice: giving it records the time and the wording's version;
 * withdrawing clears them and records when; no change keeps them.
 */
export function recordAfter(
  previous: ConsentRecord | undefined,
  given: boolean,
  version: string,
  now = new Date(),
): ConsentRecord {
  if (previous?.given === given) {
    const { at, version: previousVersion, withdrawnAt } = previous;
    return { given, at, version: previousVersion, withdrawnAt };
  }
  if (given) return { ...previous, given: true, at: now, version };
  return { given: false, at: undefined, version: undefined, withdrawnAt: previous ? now : undefined };
}

export interface ConsentState {
  namedReportingConsent: boolean;
  namedReportingConsentAt?: Date | null;
  namedReportingConsentVersion?: string | null;
  namedReportingConsentWithdrawnAt?: Date | null;
}

/** The named-reporting consent (kept in the profile's flat fields) after the trainee's choice, as `recordAfter`. */
export function consentAfter(previous: ConsentState | undefined, given: boolean, now = new Date()): ConsentState {
  const record = recordAfter(
    previous && {
      given: previous.namedReportingConsent,
      at: previous.namedReportingConsentAt,
      version: previous.namedReportingConsentVersion,
      withdrawnAt: previous.namedReportingConsentWithdrawnAt,
    },
    given,
    consentVersion,
    now,
  );
  return {
    namedReportingConsent: record.given,
    namedReportingConsentAt: record.at,
    namedReportingConsentVersion: record.version,
    ...('withdrawnAt' in record ? { namedReportingConsentWithdrawnAt: record.withdrawnAt } : {}),
  };
}
