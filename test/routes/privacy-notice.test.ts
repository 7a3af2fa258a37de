import assert from 'node:assert/strict';
import request from 'supertest';
import { useTestApp } from '../support/app';
import { html, texts } from '../support/html';

describe('the privacy notice (개인정보 처리방침)', () => {
  describe('as the operator configured it', () => {
    const ctx = useTestApp({
      PRIVACY_OFFICER_NAME: '포항시 일자리경제국장 김보호',
      PRIVACY_OFFICER_DEPARTMENT: '포항시 이차전지산업과',
      PRIVACY_OFFICER_EMAIL: 'privacy@pohang.go.kr',
      PRIVACY_OFFICER_PHONE: '054-270-2000',
      PRIVACY_CITY_RETENTION_YEARS: '7',
      RETENTION_DAYS: '730',
    });

    it('states the officer and how to reach them, provision to the city, retention in years and the rights with how to use them', async () => {
      const res = await request(ctx.app).get('/privacy').expect(200);
      const $ = html(res.text);
      assert.equal($('#privacy-officer').text(), '개인정보 보호책임자');
      assert.equal($('.privacy-officer-name').text(), '포항시 일자리경제국장 김보호');
      assert.equal($('.privacy-officer-department').text(), '포항시 이차전지산업과');
      assert.equal($('.privacy-officer-email a').attr('href'), 'mailto:privacy@pohang.go.kr');
      assert.equal($('.privacy-officer-phone a').text(), '054-270-2000');

      assert.equal($('#privacy-third-party').text(), '개인정보의 제3자 제공');
      const thirdParty = texts(res.text, '.privacy-third-party dd');
      assert.match(thirdParty[0] ?? '', /포항시/);
      assert.match(thirdParty[1] ?? '', /교육 실적 보고/);
      assert.match(thirdParty[2] ?? '', /실명 보고에 동의한 교육생의 것만/);
      assert.equal($('.privacy-city-retention').text(), '보고서를 받은 날부터 7년');

      assert.equal($('.privacy-retention-years').text(), '보유 기간: 마지막 이용일로부터 2년(730일)');
      assert.match($('.privacy-retention').text(), /파기/);

      const rights = texts(res.text, '.privacy-rights li');
      assert.deepEqual(
        rights.map((r) => r.split(':')[0]),
        [
          '개인정보 열람과 사본 내려받기',
          '잘못된 정보의 정정',
          '실명 보고·취업 현황 조사 동의의 철회',
          '삭제(계정 해지)',
          '처리 정지 요구',
        ],
      );
      assert.deepEqual(
        $('.privacy-rights li a')
          .map((_i, a) => $(a).attr('href'))
          .get(),
        ['/me/data', '/me/profile', '/me/profile', '/me/close'],
      );
      assert.match($('.privacy-rights').text(), /보호책임자에게 이메일이나 전화로 요청하면 10일 안에/);
      assert.match($('.privacy-remedies').text(), /118/);
      assert.match($('main').text(), /주민등록번호는 수집하지 않습니다/);

      const en = html((await request(ctx.app).get('/privacy?lang=en').expect(200)).text);
      assert.equal(en('#privacy-officer').text(), 'Data protection officer');
      assert.equal(en('.privacy-officer-name').text(), '포항시 일자리경제국장 김보호');
      assert.equal(en('#privacy-third-party').text(), 'Provision to third parties');
      assert.equal(en('.privacy-city-retention').text(), '7 years from the day it receives the report');
      assert.equal(en('.privacy-retention-years').text(), 'Retention: 2 years (730 days) from your last use');
      assert.match(en('.privacy-rights').text(), /Withdraw consent to named reporting/);
    });
  });

  describe('unconfigured', () => {
    const ctx = useTestApp();

    it('names the programme office in the reader’s language and reaches it at the site’s own address', async () => {
      const $ = html((await request(ctx.app).get('/privacy').expect(200)).text);
      assert.equal($('.privacy-officer-name').text(), '이차전지 인재 허브 운영 사무국장');
      assert.equal($('.privacy-officer-email').text(), `privacy@${new URL(ctx.config.baseUrl).hostname}`);
      assert.equal($('.privacy-officer-phone').length, 0);
      assert.equal($('.privacy-city-retention').text(), '보고서를 받은 날부터 5년');
      assert.equal($('.privacy-retention-years').text(), '보유 기간: 마지막 이용일로부터 3년(1095일)');
      const en = html((await request(ctx.app).get('/privacy?lang=en').expect(200)).text);
      assert.equal(en('.privacy-officer-name').text(), 'Head of the Battery Talent Hub programme office');
    });
  });
});
