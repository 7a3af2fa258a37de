import assert from 'node:assert/strict';
import { Certificate } from '../../../models/certificate';
import { Enrollment } from '../../../models/enrollment';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { completedCertificate } from '../../support/finished-course';
import { dayFromNow, make } from '../../support/factories';
import { notify } from '../../../server/services/notifications/notices';
import { html } from '../../support/html';
import { isRead, operationsDuring } from '../../support/operations';

/** The collections /me reads for the signed-in agent, one entry per read. */
async function collectionsRead(get: () => Promise<{ text: string }>): Promise<{ page: string; reads: string[] }> {
  let page = '';
  const operations = await operationsDuring(async () => {
    page = (await get()).text;
  });
  return { page, reads: operations.filter(isRead).map((o) => o.collection) };
}

const count = (reads: readonly string[], collection: string) => reads.filter((c) => c === collection).length;

describe('/me reads only what the trainee has', () => {
  const ctx = useTestApp();

  it('reads no certificates before a completion and no follow-up answers before a round is asked', async () => {
    const trainee = await make.trainee({ name: '읽기적음' });
    const course = await make.course({ title: { ko: '읽기 과정', en: 'Reading course' }, days: [dayFromNow(5)] });
    await make.enrollment(course, trainee, 'enrolled');
    const { agent } = await loginAgent(ctx.app, trainee.email);

    const { page, reads } = await collectionsRead(() => agent.get('/me').expect(200));
    assert.match(page, /읽기 과정/);
    assert.equal(count(reads, 'enrollments'), 1);
    assert.equal(count(reads, 'outcomerequests'), 1);
    assert.equal(count(reads, 'outcomeanswers'), 0, 'answers read though no round was asked');
    assert.equal(count(reads, 'certificates'), 0, 'certificates read though nothing was completed');
  });

  it('reads both once the trainee completed a course and was asked about it, and shows them', async () => {
    const { owner, cert } = await completedCertificate('읽기수료');
    const enrollment = await make.enrollment(
      await make.course({ title: { ko: '질문 과정', en: 'Asked course' }, status: 'closed', days: [dayFromNow(-40)] }),
      owner,
      'completed',
    );
    await make.askedFollowUp(enrollment);
    const { agent } = await loginAgent(ctx.app, owner.email);

    const { page, reads } = await collectionsRead(() => agent.get('/me').expect(200));
    assert.equal(count(reads, 'certificates'), 1);
    assert.equal(count(reads, 'outcomeanswers'), 1);
    assert.ok(page.includes(`/certificates/${cert.number}`), 'the certificate link');
    assert.ok(page.includes(`/me/outcomes/${String(enrollment._id)}/3`), 'the open follow-up round');
  });

  it('reads nothing once its notices were read, and shows at once what changed meanwhile', async () => {
    const { owner, cert } = await completedCertificate('다시보기');
    const { agent, csrf } = await loginAgent(ctx.app, owner.email);
    await agent.get('/me').expect(200);
    // The first view marked its notices read; the list is held from the next.
    await agent.get('/me').expect(200);
    const again = await collectionsRead(() => agent.get('/me').expect(200));
    assert.deepEqual(again.reads, []);
    assert.ok(again.page.includes(`/certificates/${cert.number}`));

    const course = await make.course({ title: { ko: '새로 신청한 과정', en: 'Newly applied' }, days: [dayFromNow(9)] });
    await make.enrollment(course, owner, 'waitlisted');
    await notify(owner._id, 'approved', { titleKo: '알림 받은 과정', titleEn: 'Noticed course' });
    const changed = html((await agent.get('/me').expect(200)).text);
    assert.ok(changed('main').text().includes('새로 신청한 과정'), 'the new application shows at once');
    assert.equal(changed('.notification.unread').length, 1, 'the new notice shows at once, as new');
    assert.match(changed('.notification.unread').text(), /알림 받은 과정/);

    await Certificate.updateOne({ _id: cert._id }, { $set: { revokedAt: new Date(), revokeReason: '재심사' } });
    const revoked = html((await agent.get('/me').expect(200)).text);
    assert.equal(revoked('.certificate-revoked').length, 1, 'the revocation shows at once');
    assert.equal(revoked('.certificate-link').length, 0);

    await agent.post('/me/calendar').type('form').send({ _csrf: csrf }).expect(200);
    const withFeed = html((await agent.get('/me').expect(200)).text);
    assert.equal(withFeed('.calendar-feed-state.muted').length, 0, 'the new address shows at once');
    assert.equal(withFeed('form[action="/me/calendar/revoke"]').length, 1);

    const enrollment = await Enrollment.findOne({ trainee: owner._id }).lean();
    assert.ok(enrollment);
    await make.askedFollowUp(enrollment);
    const asked = (await agent.get('/me').expect(200)).text;
    assert.ok(asked.includes(`/me/outcomes/${String(enrollment._id)}/3`), 'the round asked shows at once');
  });
});
