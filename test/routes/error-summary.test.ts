import assert from 'node:assert/strict';
import request from 'supertest';
import { csrfToken, loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { courseFormBody } from '../support/course-form';
import { errorSummaryProblems } from '../support/error-summary';
import { dayFromNow, make } from '../support/factories';
import { html, texts } from '../support/html';

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

  it('names the field of each error, with the range it must fall in, in both languages', async () => {
    for (const [lang, expected] of [
      ['ko', ['이메일: 올바른 이메일 주소를 입력해 주세요.', '비밀번호: 필수 입력 항목입니다.']],
      ['en', ['Email: ', 'Password: ']],
    ] as const) {
      const agent = request.agent(ctx.app);
      const token = await csrfToken(agent, `/login?lang=${lang}`);
      const res = await agent
        .post(`/login?lang=${lang}`)
        .type('form')
        .send({ _csrf: token, email: 'not-an-address', password: '' })
        .expect(422);
      const links = html(res.text)('.form-errors .error-links a')
        .map((_i, a) => html(res.text)(a).text())
        .get();
      expected.forEach((start, i) => assert.ok(links[i]?.startsWith(start), `${lang}: ${links[i]}`));
    }
    const { agent, csrf } = await loginAgent(ctx.app, (await make.staff('postech')).email);
    const res = await agent
      .post('/manage/courses/new?lang=ko')
      .type('form')
      .send({ _csrf: csrf, ...courseFormBody({ capacity: '0' }) })
      .expect(422);
    assert.deepEqual(texts(res.text, '.form-errors .error-links a'), ['정원: 1에서 1000 사이의 숫자를 입력해 주세요.']);
  });

  it('names the session of an error on a day with several sessions by its time', async () => {
    const { agent, csrf } = await loginAgent(ctx.app, (await make.staff('postech')).email);
    const day = dayFromNow(20);
    for (const lang of ['ko', 'en'] as const) {
      const res = await agent
        .post(`/manage/courses/new?lang=${lang}`)
        .type('form')
        .send({
          _csrf: csrf,
          ...courseFormBody({
            sessions: [
              { id: '', date: day, start: '09:00', end: '12:00', topic: '개론' },
              { id: '', date: day, start: '13:00', end: '12:30', topic: '실습' },
            ],
          }),
        })
        .expect(422);
      const [link] = texts(res.text, '.form-errors .error-links a');
      assert.match(link ?? '', lang === 'ko' ? /^2회차\(.+ 13:00\) 종료/ : /^Session 2 \(.+ 13:00\) End/, link);
      assert.deepEqual(errorSummaryProblems(res.text), []);
    }
  });
});
