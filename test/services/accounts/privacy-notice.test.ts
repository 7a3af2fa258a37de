import assert from 'node:assert/strict';
import { consentVersion, privacyConsentVersion } from '../../../server/services/accounts/consent';
import { privacyNoticeView } from '../../../server/services/accounts/privacy-notice';
import { testConfig } from '../../support/app';

describe('the privacy notice', () => {
  const notice = testConfig().privacyNotice;

  it('states the retention in years, to one decimal where it is not whole', () => {
    assert.equal(privacyNoticeView(notice, 365 * 3).retentionYears, 3);
    assert.equal(privacyNoticeView(notice, 548).retentionYears, 1.5);
    assert.equal(privacyNoticeView(notice, 1000).retentionYears, 2.7);
  });

  it('shows the configured notice with the consent versions it asks for', () => {
    const view = privacyNoticeView(notice, 1825);
    assert.equal(view.notice, notice);
    assert.equal(view.retentionDays, 1825);
    assert.equal(view.consentVersion, consentVersion);
    assert.equal(view.privacyConsentVersion, privacyConsentVersion);
  });
});
