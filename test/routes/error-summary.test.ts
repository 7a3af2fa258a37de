import assert from 'node:assert/strict';
import request from 'supertest';
import { csrfToken, loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { courseFormBody } from '../support/course-form';
import { errorSummaryProblems } from '../support/error-summary';
import { dayFromNow, make } from '../support/factories';
import { html } from '../support/html';

describe('error summary: focusable, titled, and linked to each refused field', () => {
  const ctx = useTestApp();

  it('links each refused field of a plain form by its id', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: 'not-an-address', password: '' })
      .expect(422);
    const $ = html(res.text);
    const summary = $('.form-errors');
    assert.equal(summary.attr('tabindex'), '-1');
    assert.equal(summary.find('h2').attr('id'), summary.attr('aria-labelledby'));
    assert.deepEqual(
      summary
        .find('a')
        .map((_i, a) => $(a).attr('href'))
        .get(),
      ['#f-email', '#f-password'],
    );
    assert.equal($('#f-email').attr('aria-describedby'), 'e-email');
    assert.deepEqual(errorSummaryProblems(res.text), []);
  });

  it('ties the errors of a session row to its inputs, and links them from the summary', async () => {
    const { agent, csrf } = await loginAgent(ctx.app, (await make.staff('postech')).email);
    const res = await agent
      .post('/manage/courses/new')
      .type('form')
      .send({
        _csrf: csrf,
        ...courseFormBody({
          sessions: [
            { id: '', date: dayFromNow(20), start: '09:00', end: '12:00', topic: '개론' },
            { id: '', date: '2027-02-30', start: '13:00', end: '12:00', topic: '실습' },
          ],
        }),
      })
      .expect(422);
    const $ = html(res.text);
    const date = $('#f-sessions-1-date');
    assert.equal(date.attr('name'), 'sessions[1][date]');
    assert.equal(date.attr('aria-invalid'), 'true');
    assert.match($(`#${date.attr('aria-describedby')}`).text(), /달력에 없는 날짜입니다: 2027-02-30/);
    assert.equal($('#f-sessions-0-date').attr('aria-invalid'), undefined, 'the good row is left alone');
    const links = $('.form-errors a')
      .map((_i, a) => $(a).attr('href'))
      .get();
    assert.ok(links.includes('#f-sessions-1-date'), links.join(' '));
    assert.deepEqual(errorSummaryProblems(res.text), []);
  });
});
