import assert from 'node:assert/strict';
import { Enrollment } from '../../../models/enrollment';
import { toActor } from '../../../server/services/accounts/auth';
import { withdrawEnrollment } from '../../../server/services/applications/application-decide';
import { allocatorsIdle } from '../../../server/services/allocation/allocator';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { hours, useClock } from '../../support/clock';
import { courseWithApplications } from '../../support/drift';
import { dayFromNow, make } from '../../support/factories';
import { html } from '../../support/html';

/** The card of the course titled `title` on a /me page. */
function cardOf(page: string, title: string) {
  const $ = html(page);
  return $('.my-enrollment').filter((_i, el) => $(el).find('.course-title').text() === title);
}

describe('/me kept between views: only what changed is drawn again', () => {
  const ctx = useTestApp();
  const clock = useClock();

  it('shows a session as ended and the course as begun once the clock passes them, with nothing written', async () => {
    const trainee = await make.trainee({ name: '시계확인' });
    const course = await make.course({ title: { ko: '내일 과정', en: 'Tomorrow course' }, days: [dayFromNow(1)] });
    await make.enrollment(course, trainee, 'enrolled');

    const before = await loginAgent(ctx.app, trainee.email);
    const first = (await before.agent.get('/me').expect(200)).text;
    assert.equal(
      cardOf(first, '내일 과정').find('form[action$="/withdraw"]').length,
      1,
      'withdrawable before it starts',
    );
    assert.equal(cardOf(first, '내일 과정').find('.my-sessions tbody tr').attr('data-state'), 'upcoming');
    assert.equal(html(first)('.upcoming li').length, 1);

    clock.advance(hours(48));
    // Signed in anew: two days idle would end the first session.
    const after = await loginAgent(ctx.app, trainee.email);
    const later = (await after.agent.get('/me').expect(200)).text;
    assert.equal(cardOf(later, '내일 과정').find('form[action$="/withdraw"]').length, 0, 'no withdrawal once begun');
    assert.equal(cardOf(later, '내일 과정').find('.my-sessions tbody tr').attr('data-state'), 'unrecorded');
    assert.equal(html(later)('.upcoming li').length, 0);
    assert.equal(html(later)('.unrecorded-sessions li').length, 1);
  });

  it("fills each visitor's own CSRF token into the kept forms, so a second sign-in can withdraw", async () => {
    const trainee = await make.trainee({ name: '두번로그인' });
    const course = await make.course({ title: { ko: '철회 과정', en: 'Withdrawn course' } });
    const enrollment = await make.enrollment(course, trainee, 'enrolled');
    const phone = await loginAgent(ctx.app, trainee.email);
    const laptop = await loginAgent(ctx.app, trainee.email);

    const tokenOn = async (who: typeof phone) =>
      cardOf((await who.agent.get('/me').expect(200)).text, '철회 과정')
        .find('input[name=_csrf]')
        .val();
    const phoneToken = await tokenOn(phone);
    const laptopToken = await tokenOn(laptop);
    assert.equal(phoneToken, phone.csrf);
    assert.equal(laptopToken, laptop.csrf);
    assert.notEqual(phoneToken, laptopToken);

    await laptop.agent
      .post(`/enrollments/${String(enrollment._id)}/withdraw`)
      .type('form')
      .send({ _csrf: laptopToken })
      .expect(303);
    await allocatorsIdle();
    assert.equal((await Enrollment.findById(enrollment._id).lean())?.status, 'withdrawn');
    const page = html((await phone.agent.get('/me').expect(200)).text);
    assert.equal(page('.my-enrollment[data-status="withdrawn"] .course-title').text(), '철회 과정');
  });

  it('moves a waiting place up at once when someone ahead leaves the queue', async () => {
    const { trainees, applied } = await courseWithApplications(4, {
      title: { ko: '대기 과정', en: 'Waiting course' },
    });
    const last = trainees[3]!;
    const { agent } = await loginAgent(ctx.app, last.email);
    const rank = async () =>
      cardOf((await agent.get('/me').expect(200)).text, '대기 과정')
        .find('.waitlist-rank')
        .text();
    assert.equal(await rank(), '대기 2번째');
    assert.equal(await rank(), '대기 2번째');

    await withdrawEnrollment(toActor(trainees[2]!), String(applied[2]!.enrollmentId));
    await allocatorsIdle();
    assert.equal(await rank(), '대기 1번째');
  });
});
