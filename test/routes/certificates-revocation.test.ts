import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { AuditEvent } from '../../models/audit-event';
import { Certificate, type CertificateDoc } from '../../models/certificate';
import { Enrollment } from '../../models/enrollment';
import { EnrollmentEvent } from '../../models/enrollment-event';
import { Notification } from '../../models/notification';
import { findActor } from '../../server/services/accounts/auth';
import { commitCompletion } from '../../server/services/completion/completion-decide';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { dayFromNow, make } from '../support/factories';
import { html, texts } from '../support/html';
import { loginMany, useCheapPasswordHash } from '../support/parallel-agents';

describe('revoking a certificate', function () {
  this.timeout(60_000);
  const ctx = useTestApp();
  let server: Server;
  let course: Awaited<ReturnType<typeof make.course>>;
  let owner: Awaited<ReturnType<typeof make.trainee>>;
  let certificate: CertificateDoc;
  let staff: Awaited<ReturnType<typeof loginAgent>>;
  let city: Awaited<ReturnType<typeof loginAgent>>;
  let trainee: Awaited<ReturnType<typeof loginAgent>>;
  const quarter = () => {
    const day =
      course.sessions
        .map((s) => s.date)
        .sort()
        .at(-1) ?? '';
    return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
  };

  before(async () => {
    server = ctx.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    // A finished course of two trainees who both completed: one certificate is revoked below.
    course = await make.course({
      status: 'closed',
      days: [dayFromNow(-12), dayFromNow(-11), dayFromNow(-10)],
      code: 'CELL-201',
      title: { ko: '셀 조립 실습', en: 'Cell assembly practice' },
    });
    owner = await make.trainee({ name: '최취소', consent: true });
    const other = await make.trainee({ name: '정유지', consent: true });
    for (const t of [owner, other])
      await make.marks(course, await make.enrollment(course, t), ['present', 'present', 'present']);
    const staffUser = await make.staff('postech');
    const actor = await findActor(String(staffUser._id));
    assert.ok(actor);
    await commitCompletion(actor, String(course._id), {});
    const issued = await Certificate.findOne({ trainee: owner._id }).lean<CertificateDoc>();
    assert.ok(issued);
    certificate = issued;
    staff = await loginAgent(ctx.app, staffUser.email);
    city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    trainee = await loginAgent(ctx.app, owner.email);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts the completion everywhere before it is revoked', async () => {
    const me = await trainee.agent.get('/me').expect(200);
    assert.equal(
      html(me.text)(
        `.my-enrollment[data-status=completed] a.certificate-link[href="/certificates/${certificate.number}"]`,
      ).length,
      1,
    );
    const transcript = await trainee.agent.get('/me/transcript').expect(200);
    assert.equal(html(transcript.text)('.transcript-total').text(), '9');
    const preview = await staff.agent.get(`/manage/reports?scope=quarter&quarter=${quarter()}`).expect(200);
    assert.equal(html(preview.text)('.report-preview .figure-totals [data-figure=completed]').text(), '2');
    const dashboard = await city.agent.get(`/city?period=${quarter()}&university=postech`).expect(200);
    assert.equal(html(dashboard.text)('.figure-totals [data-figure=completed]').text(), '2');
  });

  it('revokes once when many staff send it at the same moment; the others are told it is already revoked', async () => {
    // The quarter's report is submitted first: it keeps what it counted.
    await staff.agent
      .post('/manage/reports')
      .type('form')
      .send({ _csrf: staff.csrf, scope: 'quarter', quarter: quarter() })
      .expect(303);
    const colleagues = await Promise.all(Array.from({ length: 8 }, () => make.staff('postech')));
    await useCheapPasswordHash(colleagues.map((c) => c._id));
    const agents = await loginMany(
      server,
      colleagues.map((c) => c.email),
    );
    const answers = await Promise.all(
      agents.map(({ agent, csrf }, i) =>
        agent
          .post(`/manage/certificates/${certificate.number}/revoke`)
          .type('form')
          .send({ _csrf: csrf, reason: `사유 ${i}`, confirm: 'yes' }),
      ),
    );
    const won = answers.flatMap((res, i) => (res.status === 303 ? [i] : []));
    assert.equal(won.length, 1, `one revocation wins, answers were ${answers.map((r) => r.status).join(',')}`);
    for (const res of answers.filter((r) => r.status !== 303)) {
      assert.equal(res.status, 422);
      assert.match(html(res.text)('.form-errors').text(), /이미 취소된 수료증입니다/);
    }
    const stored = await Certificate.findById(certificate._id).lean();
    assert.ok(stored?.revokedAt);
    assert.equal(stored.revokeReason, `사유 ${won[0]}`, "the winner's reason is the one kept");
    assert.equal(await AuditEvent.countDocuments({ action: 'certificate.revoke', targetId: certificate._id }), 1);
    assert.equal(
      await EnrollmentEvent.countDocuments({ enrollment: certificate.enrollment, reason: 'certificate_revoked' }),
      1,
    );
    assert.equal(await Notification.countDocuments({ user: owner._id, kind: 'certificateRevoked' }), 1);
    const again = await staff.agent
      .post(`/manage/certificates/${certificate.number}/revoke`)
      .type('form')
      .send({ _csrf: staff.csrf, reason: '한 번 더' })
      .expect(422);
    assert.match(html(again.text)('.form-errors').text(), /이미 취소된 수료증입니다/);
    assert.equal(html(again.text)('form[action$="/revoke"]').length, 0, 'no revoke form for a revoked certificate');
  });

  it('takes the completion back from /me, the transcript, the report preview and the city dashboard, and tells the trainee', async () => {
    assert.equal((await Enrollment.findById(certificate.enrollment).lean())?.status, 'not_completed');
    const me = await trainee.agent.get('/me').expect(200);
    const $ = html(me.text);
    const item = $('.my-enrollment[data-status=not_completed]');
    assert.equal(item.find('.enrollment-status').text(), '미수료');
    assert.match(item.find('.certificate-revoked').text(), /수료증 취소/);
    assert.equal($('a.certificate-link').length, 0, 'no link to a revoked certificate');
    assert.match(
      $('.notification[data-kind=certificateRevoked]').text(),
      new RegExp(`「셀 조립 실습」 과정의 수료증\\(${certificate.number}\\)이 취소되었습니다`),
    );

    const transcript = await trainee.agent.get('/me/transcript').expect(200);
    assert.equal(html(transcript.text)('.transcript').length, 0);
    assert.match(html(transcript.text)('.empty').text(), /아직 수료한 과정이 없습니다/);

    const preview = await staff.agent.get(`/manage/reports?scope=course&course=${course._id}`).expect(200);
    assert.equal(html(preview.text)('.report-preview .figure-totals [data-figure=completed]').text(), '1');
    assert.equal(html(preview.text)('.report-preview .figure-totals [data-figure=notCompleted]').text(), '1');
    assert.deepEqual(texts(preview.text, '.report-preview .completers li'), ['정유지 — CELL-201 셀 조립 실습']);

    const dashboard = await city.agent.get(`/city?period=${quarter()}&university=postech`).expect(200);
    assert.equal(html(dashboard.text)('.figure-totals [data-figure=completed]').text(), '1');
    assert.equal(
      html(dashboard.text)(
        '.figures-table[data-kind=university] tr[data-key=postech] [data-figure=completionRate]',
      ).text(),
      '50%',
    );
    const english = await trainee.agent.get('/me?lang=en').expect(200);
    assert.match(
      html(english.text)('.notification[data-kind=certificateRevoked]').text(),
      new RegExp(`certificate ${certificate.number} for “Cell assembly practice” was revoked`),
    );
  });

  it('keeps the submitted report as it was, and says on it which of its completions were revoked since', async () => {
    const inbox = await city.agent.get('/city/reports').expect(200);
    const link = html(inbox.text)('.report-list a[href^="/city/reports/"]').first().attr('href');
    assert.ok(link);
    const page = await city.agent.get(link).expect(200);
    const $ = html(page.text);
    assert.equal(
      $('.report-snapshot .figure-totals [data-figure=completed]').text(),
      '2',
      'the submitted figures stay',
    );
    assert.match($('.hash-check').text(), /일치/);
    assert.match($('.revoked-since').text(), /제출 후 수료증 1건이 취소되었습니다/);
    assert.match($('.revoked-since li').text(), new RegExp(`${certificate.number}.*CELL-201`));
    const english = await city.agent.get(`${link}?lang=en`).expect(200);
    assert.match(
      html(english.text)('.revoked-since').text(),
      /1 certificate counted in this report was revoked after it was submitted/,
    );
  });
});
