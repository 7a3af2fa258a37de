import assert from 'node:assert/strict';
import { consentAfter, consentVersion } from '../../../server/services/accounts/consent';

describe('consentAfter', () => {
  const then = new Date('2026-05-01T00:00:00Z');
  const now = new Date('2026-06-01T00:00:00Z');

  it('records the time and wording version when consent is given', () => {
    assert.deepEqual(consentAfter(undefined, true, now), {
      namedReportingConsent: true,
      namedReportingConsentAt: now,
      namedReportingConsentVersion: consentVersion,
    });
  });

  it('leaves no time at all when a new trainee does not consent', () => {
    const state = consentAfter(undefined, false, now);
    assert.equal(state.namedReportingConsent, false);
    assert.equal(state.namedReportingConsentAt, undefined);
    assert.equal(state.namedReportingConsentWithdrawnAt, undefined);
  });

  it('clears the consent time and records the withdrawal', () => {
    const given = {
      namedReportingConsent: true,
      namedReportingConsentAt: then,
      namedReportingConsentVersion: '2026-1',
    };
    assert.deepEqual(consentAfter(given, false, now), {
      namedReportingConsent: false,
      namedReportingConsentAt: undefined,
      namedReportingConsentVersion: undefined,
      namedReportingConsentWithdrawnAt: now,
    });
  });

  it('keeps the original time when nothing changes', () => {
    const given = {
      namedReportingConsent: true,
      namedReportingConsentAt: then,
      namedReportingConsentVersion: '2026-1',
    };
    assert.equal(consentAfter(given, true, now).namedReportingConsentAt, then);
  });
});
