import assert from 'node:assert/strict';
import request from 'supertest';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { dayFromNow, make } from '../support/factories';
import { html, texts } from '../support/html';
import { shownDate } from '../support/dates';

describe('display details: coming sessions, breakdown labels, Korean-only topics', () => {
  const ctx = useTestApp();

  it('lists coming sessions of confirmed places only, not of applications awaiting approval', async () => {
    const trainee = await make.trainee();
    await make.enrollment(
      await make.course({ title: { ko: '확정 과정', en: 'Confirmed course' }, days: [dayFromNow(5)] }),
      trainee,
      'enrolled',
    );
    await make.enrollment(
      await make.course({
        title: { ko: '승인 대기 과정', en: 'Awaiting course' },
        days: [dayFromNow(6)],
        hours: { start: '14:00', end: '17:00' },
        approvalRequired: true,
      }),
      trainee,
      'pending',
    );
    const { agent } = await loginAgent(ctx.app, trainee.email);
    const $ = html((await agent.get('/me').expect(200)).text);
    assert.deepEqual(texts($.html(), '.upcoming li'), [`${shownDate(dayFromNow(5))} 09:00–12:00 확정 과정 · 세션 1`]);
    assert.match($('[data-group=active]').text(), /승인 대기 과정/, 'the application itself is still listed');
    assert.match($('.pending-hint').text(), /승인되면 여기에 나옵니다/);
  });

  it("sorts the city's breakdowns by their label in the reader's language, with the catalog's track labels", async () => {
    const trainee = await make.trainee();
    const plan = [
      ['handong', 'analysis'],
      ['kangwon', 'safety_testing'],
      ['postech', 'materials'],
      ['yu', 'data_ai'],
      ['korea', 'cell'],
    ] as const;
    for (const [i, [university, track]] of plan.entries()) {
      await make.enrollment(await make.course({ university, track, days: [dayFromNow(40 + i)] }), trainee, 'enrolled');
    }
    const city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    const ko = (await city.agent.get('/city').expect(200)).text;
    assert.deepEqual(texts(ko, '.figures-table[data-kind=university] tbody th'), [
      '강원대학교',
      '고려대학교',
      '영남대학교',
      '포스텍',
      '한동대학교',
    ]);
    assert.deepEqual(texts(ko, '.figures-table[data-kind=track] tbody th'), [
      '데이터·AI',
      '분석·가속기',
      '셀·공정',
      '소재',
      '안전·성능평가',
    ]);
    assert.deepEqual(
      texts(ko, '#f-track option').slice(1),
      texts((await request(ctx.app).get('/courses').expect(200)).text, '#f-track option').slice(1),
      'one set of track labels',
    );
    assert.match(
      html(ko)('.chart-card').eq(2).text(),
      /분석·가속기[\s\S]*안전·성능평가/,
      'the chart reads the same labels, in the same order',
    );
    const en = (await city.agent.get('/city?lang=en').expect(200)).text;
    assert.deepEqual(texts(en, '.figures-table[data-kind=university] tbody th'), [
      'Handong Global University',
      'Kangwon National University',
      'Korea University',
      'POSTECH',
      'Yeungnam University',
    ]);
    assert.deepEqual(texts(en, '.figures-table[data-kind=track] tbody th'), [
      'Analysis & synchrotron',
      'Cell & process',
      'Data & AI',
      'Materials',
      'Safety & testing',
    ]);
  });

  it('marks Korean-only session topics on English pages, and leaves Korean pages and English topics alone', async () => {
    const course = await make.course({ days: [dayFromNow(10), dayFromNow(11)] });
    course.sessions[1]!.topic = 'Cell teardown lab';
    await course.save();
    const page = async (lang: string) =>
      html(
        (
          await request(ctx.app)
            .get(`/courses/${String(course._id)}?lang=${lang}`)
            .expect(200)
        ).text,
      );
    const en = await page('en');
    const topics = en('.schedule td.topic');
    assert.equal(topics.eq(0).find('[lang=ko]').text(), '세션 1');
    assert.equal(topics.eq(0).find('.lang-note').text(), '(in Korean)');
    assert.equal(topics.eq(1).text().trim(), 'Cell teardown lab');
    assert.equal(topics.eq(1).find('[lang], .lang-note').length, 0);
    const ko = await page('ko');
    assert.equal(ko('.schedule .lang-note').length, 0);
    assert.equal(ko('.schedule td.topic').eq(0).text().trim(), '세션 1');
  });
});
