/** The version of the named-reporting consent wording (auth.consent.text) shown to trainees. */
export const consentVersion = '2026-1';

export interface ConsentState {
  namedReportingConsent: boolean;
  namedReportingConsentAt?: Date | null;
  namedReportingConsentVersion?: string | null;
  namedReportingConsentWithdrawnAt?: Date | null;
}

/**
 * The consent fields after the trainee's choice: giving it records the time and the
 * wording's version; withdrawing clears them and records when; no change keeps them.
 */
export function consentAfter(previous: ConsentState | undefined, given: boolean, now = new Date()): ConsentState {
  if (previous?.namedReportingConsent === given) {
    const {
      namedReportingConsent,
      namedReportingConsentAt,
      namedReportingConsentVersion,
      namedReportingConsentWithdrawnAt,
    } = previous;
    return {
      namedReportingConsent,
      namedReportingConsentAt,
      namedReportingConsentVersion,
      namedReportingConsentWithdrawnAt,
    };
  }
  if (given) {
    return {
      ...previous,
      namedReportingConsent: true,
      namedReportingConsentAt: now,
      namedReportingConsentVersion: consentVersion,
    };
  }
  return {
    namedReportingConsent: false,
    namedReportingConsentAt: undefined,
    namedReportingConsentVersion: undefined,
    namedReportingConsentWithdrawnAt: previous ? now : undefined,
  };
}
