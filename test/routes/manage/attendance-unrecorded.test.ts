import assert from 'node:assert/strict';
import { loginAgent, type Agent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { html } from '../../support/html';

describe('past sessions without a mark are flagged', () => {
  const ctx = useTestApp();
  let staff: Agent;

  before(async () => {
    staff = (await loginAgent(ctx.app, (await make.staff('postech')).email)).agent;
  });

  it('on the roster (the at-risk view), the grid and the trainee’s own page', async () => {
    const course = await make.course({
      status: 'closed',
      days: [dayFromNow(-3), dayFromNow(-2), dayFromNow(-1), dayFromNow(2)],
    });
    const traineeUser = await make.trainee({ name: '김누락' });
    const forgotten = await make.enrollment(course, traineeUser);
    const complete = await make.enrollment(course, await make.trainee({ name: '이완료' }));
    await make.marks(course, forgotten, ['present']);
    await make.marks(course, complete, ['present', 'present', 'present']);

    for (const page of ['roster', 'attendance']) {
      const $ = html((await staff.get(`/manage/courses/${course._id}/${page}`).expect(200)).text);
      const flag = (e: { _id: unknown }) =>
        $(`tr[data-enrollment="${String(e._id)}"] .attendance-risk .unrecorded`)
          .text()
          .trim();
      assert.equal(flag(forgotten), '지난 회차 2회 기록 없음', page);
      assert.equal(flag(complete), '', `${page}: nothing missing, no flag`);
    }
    const en = html((await staff.get(`/manage/courses/${course._id}/roster?lang=en`).expect(200)).text);
    assert.match(en('.attendance-risk .unrecorded').text(), /2 past sessions without a mark/);

    const me = (await loginAgent(ctx.app, traineeUser.email)).agent;
    const mine = html((await me.get('/me').expect(200)).text);
    assert.match(mine('.my-attendance .unrecorded').text(), /지난 회차 2회 기록 없음/);
  });

  it('in the completion preview, before anything is committed', async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-3), dayFromNow(-2), dayFromNow(-1)] });
    const forgotten = await make.enrollment(course, await make.trainee({ name: '김누락' }));
    const complete = await make.enrollment(course, await make.trainee({ name: '이완료' }));
    await make.marks(course, forgotten, ['present', 'present']);
    await make.marks(course, complete, ['present', 'present', 'present']);

    const $ = html((await staff.get(`/manage/courses/${course._id}/complete?lang=ko`).expect(200)).text);
    assert.match($('.unrecorded-warning').text(), /지난 회차 출결 기록이 없는 교육생이 1명 있습니다/);
    assert.equal($('.unrecorded-warning a').attr('href'), `/manage/courses/${course._id}/attendance`);
    const rate = (e: { _id: unknown }) =>
      $(`tr[data-enrollment="${String(e._id)}"] .unrecorded`)
        .text()
        .trim();
    assert.equal(rate(forgotten), '지난 회차 1회 기록 없음');
    assert.equal(rate(complete), '');
    const en = html((await staff.get(`/manage/courses/${course._id}/complete?lang=en`).expect(200)).text);
    assert.match(en('.unrecorded-warning').text(), /1 trainee has past sessions without a mark/);
  });
});
