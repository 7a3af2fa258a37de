import assert from 'node:assert/strict';
import { AttendanceSheet, attendanceSheetsCacheKey } from '../../../models/attendance-sheet';
import { bumpCacheVersion } from '../../../models/cache-version';
import { Attendance } from '../../../models/attendance';
import { previewCompletion } from '../../../server/services/completion/completion-decide';
import { dateText } from '../../../server/lib/date-text';
import { buildTraineeDashboard } from '../../../server/services/trainee/trainee-dashboard';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { actorOf, dayFromNow, make } from '../../support/factories';
import { html } from '../../support/html';
import { isRead, operationsDuring } from '../../support/operations';

describe('/me is truthful about sessions without a mark', () => {
  const ctx = useTestApp();
  let trainee: Awaited<ReturnType<typeof make.trainee>>;
  let ended: Awaited<ReturnType<typeof make.course>>;
  let forgotten: string;

  before(async function () {
    this.timeout(60_000);
    trainee = await make.trainee({ name: '김기록' });
    // Three sessions, all over: two recorded present, the last never recorded.
    ended = await make.course({
      status: 'closed',
      title: { ko: '끝난 과정', en: 'Ended course' },
      days: [dayFromNow(-5), dayFromNow(-4), dayFromNow(-3)],
      hours: { start: '19:00', end: '21:00' },
    });
    await make.marks(ended, await make.enrollment(ended, trainee), ['present', 'present']);
    forgotten = dayFromNow(-3);
    // Another course under way: one session over and late, one ahead.
    const running = await make.course({
      status: 'closed',
      title: { ko: '진행 중 과정', en: 'Running course' },
      days: [dayFromNow(-2), dayFromNow(3)],
    });
    await make.marks(running, await make.enrollment(running, trainee), ['late']);
  });

  it('shows the rate completion will count, equal to the completion preview, and names the unrecorded session', async () => {
    const me = (await loginAgent(ctx.app, trainee.email)).agent;
    const card = (page: string, title: string) => {
      const $ = html(page);
      return { $, card: $('.my-enrollment').filter((_i, el) => $(el).find('.course-title').text() === title) };
    };
    const ko = card((await me.get('/me').expect(200)).text, '끝난 과정');
    assert.match(ko.card.find('.risk-now').text(), /수료 기준 출석률 66\.7%/);
    assert.match(ko.card.find('.risk-best').text(), /최대 가능 66\.7%/);
    assert.match(ko.card.find('.risk-flag').text(), /기준\(80%\) 도달 불가/);
    assert.doesNotMatch(ko.card.text(), /100%|정상/, 'never the rate over recorded sessions only');
    assert.match(ko.card.find('.unrecorded').text(), /지난 회차 1회 기록 없음/);
    const named = ko.card.find('.unrecorded-sessions li').text();
    assert.equal(named.trim(), `${dateText(forgotten, 'ko', 'date')} 19:00–21:00 · 세션 3`);
    assert.match(ko.card.find('.unrecorded-sessions').text(), /결석으로 계산/);

    // The staff's completion preview says the same of the same trainee: one function counts both.
    const staff = await actorOf(await make.staff('postech'));
    const preview = await previewCompletion(staff, String(ended._id));
    const dashboard = await buildTraineeDashboard(await actorOf(trainee));
    const item = dashboard.groups.flatMap((g) => g.items).find((i) => String(i.course?._id) === String(ended._id));
    assert.equal(preview.rows[0]?.attendanceRate, item?.risk?.countedRate);
    assert.equal(preview.rows[0]?.outcome, 'not_completed');

    const en = card((await me.get('/me?lang=en').expect(200)).text, 'Ended course');
    assert.match(en.card.find('.risk-now').text(), /Rate as completion counts it 66\.7%/);
    assert.match(en.card.find('.unrecorded-sessions').text(), /count each as an absence/);
  });

  it("lists the trainee's own attendance session by session, in both languages", async () => {
    const me = (await loginAgent(ctx.app, trainee.email)).agent;
    for (const [lang, title, expected] of [
      ['ko', '끝난 과정', ['1회차 출석', '2회차 출석', '3회차 기록 없음(결석으로 계산)']],
      ['en', 'Running course', ['Session 1 Late', 'Session 2 Upcoming']],
    ] as const) {
      const $ = html((await me.get(`/me?lang=${lang}`).expect(200)).text);
      const card = $('.my-enrollment').filter((_i, el) => $(el).find('.course-title').text() === title);
      const rows = card
        .find('.my-sessions tbody tr')
        .map((_i, tr) => `${$(tr).find('th').text()} ${$(tr).find('td').last().text()}`)
        .get();
      assert.deepEqual(rows, expected, `${lang} ${title}`);
    }
    assert.equal(
      html((await me.get('/me?lang=ko').expect(200)).text)('.my-sessions summary')
        .first()
        .text()
        .trim(),
      '회차별 출결 보기',
    );
  });

  it('reads no more for it: the sheets once, held until a sheet is written, never the marks themselves', async () => {
    const me = (await loginAgent(ctx.app, trainee.email)).agent;
    const sheetsRead = async () => {
      const reads = (await operationsDuring(() => me.get('/me').expect(200))).filter(isRead);
      assert.equal(reads.filter((r) => r.collection === Attendance.collection.collectionName).length, 0);
      assert.equal(reads.filter((r) => r.collection === 'courses').length, 0, 'courses come from the shared copy');
      return reads.filter((r) => r.collection === AttendanceSheet.collection.collectionName).length;
    };
    await bumpCacheVersion(attendanceSheetsCacheKey);
    assert.equal(await sheetsRead(), 1, 'one read of the trainee’s attendance sheets');
    assert.equal(await sheetsRead(), 0, 'held while no sheet was written');
  });
});
