import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { OutcomeAnswer } from '../../../models/outcome-answer';
import { OutcomeDue } from '../../../models/outcome-due';
import { User } from '../../../models/user';
import { addMonths, seoulDayOf } from '../../../server/lib/calendar';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { html, texts } from '../../support/html';

const profileForm = {
  name: '추적조사',
  locale: 'ko',
  category: 'job_seeker',
  affiliation: '포항',
  pohangResident: 'on',
};
const goodAnswer = { employment: 'employed', sector: 'battery', inPohang: 'yes', relevance: '4' };

describe('outcome follow-up (trainee)', () => {
  const ctx = useTestApp();

  /** A completed enrollment whose 3-month round was asked. */
  async function askedRound(followUp = true) {
    const course = await make.course({ status: 'completed', days: [dayFromNow(-100)] });
    const trainee = await make.trainee({ followUp });
    const enrollment = await make.enrollment(course, trainee, 'completed');
    await make.askedFollowUp(enrollment);
    return { course, trainee, enrollment, path: `/me/outcomes/${String(enrollment._id)}/3` };
  }

  it('schedules the 3- and 6-month rounds when staff complete a course', async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-2), dayFromNow(-1)] });
    const trainee = await make.trainee({ followUp: true });
    const enrollment = await make.enrollment(course, trainee);
    const staff = await make.staff('postech');
    const { agent, csrf } = await loginAgent(ctx.app, staff.email);
    await agent
      .post(`/manage/courses/${String(course._id)}/complete`)
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(csrf)}&decision[${String(enrollment._id)}]=completed&reason[${String(enrollment._id)}]=${encodeURIComponent('현장 실습 대체')}&confirm=yes`,
      )
      .expect(303);
    const today = seoulDayOf(Date.now());
    const dues = await OutcomeDue.find({ enrollment: enrollment._id }).sort({ round: 1 }).lean();
    assert.deepEqual(
      dues.map((d) => [d.round, d.dueDay]),
      [
        [3, addMonths(today, 3)],
        [6, addMonths(today, 6)],
      ],
    );
  });

  it('shows the asked round as a card on /me, takes one answer, and refuses a second one', async () => {
    const { trainee, enrollment, path } = await askedRound();
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    const me = await agent.get('/me').expect(200);
    assert.equal(html(me.text)(`.outcome-card a[href="${path}"]`).length, 1);
    assert.match(texts(me.text, '.outcome-card li')[0] ?? '', /수료 3개월 조사/);

    const form = await agent.get(path).expect(200);
    assert.equal(html(form.text)('h1').text(), '수료 후 취업 현황 조사');
    assert.equal(html(form.text)('select[name=employment] option').length, 5);

    const missing = await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, employment: 'employed', relevance: '4' })
      .expect(422);
    let $ = html(missing.text);
    assert.equal($('#e-sector').text(), '필수 입력 항목입니다.');
    assert.equal($('#e-inPohang').text(), '필수 입력 항목입니다.');
    assert.equal($('select[name=employment] option[selected]').val(), 'employed', 'the answer is kept');
    const invalid = await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, employment: 'astronaut', relevance: '9' })
      .expect(422);
    $ = html(invalid.text);
    assert.ok($('#e-employment').text().length > 0);
    assert.ok($('#e-relevance').text().length > 0);
    assert.equal(await OutcomeAnswer.countDocuments(), 0, 'nothing written');

    await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, ...goodAnswer })
      .expect(303);
    const answer = await OutcomeAnswer.findOne({ enrollment: enrollment._id, round: 3 }).lean();
    assert.equal(answer?.employment, 'employed');
    assert.equal(answer?.sector, 'battery');
    assert.equal(answer?.inPohang, true);
    assert.equal(answer?.relevance, 4);
    assert.equal(await AuditEvent.countDocuments({ action: 'outcome.answer', targetId: enrollment._id }), 1);
    const after = await agent.get('/me').expect(200);
    assert.equal(html(after.text)('.outcome-card').length, 0, 'the card is gone once answered');
    assert.match(html(after.text)('.flash').text(), /응답해 주셔서 감사합니다/);

    const again = await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, employment: 'seeking', relevance: '2' })
      .expect(422);
    assert.match(html(again.text)('main').text(), /이미 응답하셨습니다/);
    assert.equal(await OutcomeAnswer.countDocuments({ enrollment: enrollment._id }), 1);
  });

  it('keeps only the job questions that apply: a trainee seeking work stores no sector', async () => {
    const { trainee, enrollment, path } = await askedRound();
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, employment: 'seeking', sector: 'battery', inPohang: 'yes', relevance: '3' })
      .expect(303);
    const answer = await OutcomeAnswer.findOne({ enrollment: enrollment._id }).lean();
    assert.equal(answer?.sector, undefined);
    assert.equal(answer?.inPohang, undefined);
  });

  it('answers 404 to another trainee and for a round never asked, 403 to staff, and refuses after consent is withdrawn', async () => {
    const { path, trainee } = await askedRound();
    const other = await loginAgent(ctx.app, (await make.trainee({ followUp: true })).email);
    await other.agent.get(path).expect(404);
    await other.agent
      .post(path)
      .type('form')
      .send({ _csrf: other.csrf, ...goodAnswer })
      .expect(404);
    await other.agent.get(path.replace(/3$/, '6')).expect(404);
    await other.agent.get('/me/outcomes/not-an-id/3').expect(404);
    const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    await staff.agent.get(path).expect(403);

    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    await agent
      .post('/me/profile')
      .type('form')
      .send({ _csrf: csrf, ...profileForm })
      .expect(303);
    const refused = await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, ...goodAnswer })
      .expect(422);
    assert.match(html(refused.text)('main').text(), /동의를 철회하셔서/);
    assert.equal(await OutcomeAnswer.countDocuments({ trainee: trainee._id }), 0);
  });

  it('records follow-up consent apart from named reporting, dated, withdrawable and audited', async () => {
    const trainee = await make.trainee({ consent: true });
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    await agent
      .post('/me/profile')
      .type('form')
      .send({ _csrf: csrf, ...profileForm, consent: 'on', followUp: 'on' })
      .expect(303);
    let user = await User.findById(trainee._id).lean();
    assert.equal(user?.trainee?.followUp?.given, true);
    assert.ok(user?.trainee?.followUp?.at instanceof Date);
    assert.equal(user?.trainee?.followUp?.version, '2026-1');
    assert.equal(user?.trainee?.namedReportingConsent, true, 'the other consent is untouched');
    const page = await agent.get('/me/profile').expect(200);
    assert.equal(html(page.text)('input[name=followUp]').attr('checked'), 'checked');
    assert.match(html(page.text)('.follow-up-record').text(), /취업 현황 조사에 동의함/);

    await agent
      .post('/me/profile')
      .type('form')
      .send({ _csrf: csrf, ...profileForm, consent: 'on' })
      .expect(303);
    user = await User.findById(trainee._id).lean();
    assert.equal(user?.trainee?.followUp?.given, false);
    assert.ok(user?.trainee?.followUp?.withdrawnAt instanceof Date);
    assert.equal(user?.trainee?.namedReportingConsent, true);
    const actions = (await AuditEvent.find({ targetId: trainee._id }).lean()).map((e) => e.action);
    assert.ok(actions.includes('user.follow_up_consent_given'));
    assert.ok(actions.includes('user.follow_up_consent_withdrawn'));
  });
});
