import assert from 'node:assert/strict';
import { MailClaim } from '../../../../models/mail-claim';
import { MailMessage } from '../../../../models/mail-message';
import { queueMail } from '../../../../server/services/notifications/mail/outbox';
import { createMailTransport } from '../../../../server/services/notifications/mail/transport';
import { createMailWorker } from '../../../../server/services/notifications/mail/worker';
import { notifyMany } from '../../../../server/services/notifications/notices';
import { useTestApp, testConfig } from '../../../support/app';
import { make } from '../../../support/factories';
import { useMail } from '../../../support/mail';

const course = { titleKo: '리튬이온 셀 공정', titleEn: 'Li-ion cell processing' };
const courseLink = '/courses/0123456789abcdef01234567';
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe('the mail worker', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);

  beforeEach(async () => {
    await MailMessage.deleteMany({});
    await MailClaim.deleteMany({});
  });

  const to = { email: 'retry@example.kr', name: '재시도', locale: 'ko' as const };

  it('retries after the SMTP server refuses, with a growing wait, and sends once it accepts', async () => {
    await queueMail({ to, kind: 'approved', params: course, link: courseLink });
    mail.sink.refuseNext(2);
    const first = await mail.worker.runOnce();
    assert.deepEqual(first, { sent: 0, retried: 1, failed: 0, skipped: 0 });
    let message = (await MailMessage.findOne().lean())!;
    assert.equal(message.attempts, 1);
    assert.match(message.lastError ?? '', /451/);
    const firstWait = message.nextAttemptAt.getTime() - Date.now();
    assert.ok(firstWait > 25_000 && firstWait <= 30_000, `waits about 30 s, not ${firstWait} ms`);

    assert.deepEqual(await mail.worker.runOnce(), { sent: 0, retried: 0, failed: 0, skipped: 0 }, 'not due yet');
    assert.equal((await mail.worker.runOnce(minutes(1))).retried, 1);
    message = (await MailMessage.findOne().lean())!;
    assert.equal(message.attempts, 2);
    const secondWait = message.nextAttemptAt.getTime() - Date.now();
    assert.ok(secondWait > 55_000 && secondWait <= 60_000, `then about 60 s, not ${secondWait} ms`);

    assert.equal((await mail.worker.runOnce(minutes(2))).sent, 1);
    assert.equal(mail.sink.delivered.filter((m) => m.to === to.email).length, 1);
    assert.equal(await MailMessage.countDocuments(), 0);
    assert.equal(await MailClaim.countDocuments(), 0);
  });

  it('gives up after the last attempt, and at once on a permanent refusal, keeping the error', async () => {
    const worker = mail.newWorker({ maxAttempts: 2 });
    await queueMail({ to, kind: 'approved', params: course });
    mail.sink.refuseNext(2);
    assert.equal((await worker.runOnce()).retried, 1);
    assert.equal((await worker.runOnce(minutes(5))).failed, 1);
    const failed = (await MailMessage.findOne().lean())!;
    assert.equal(failed.state, 'failed');
    assert.equal(failed.attempts, 2);
    assert.deepEqual(
      await worker.runOnce(minutes(600)),
      { sent: 0, retried: 0, failed: 0, skipped: 0 },
      'a failed message is not read again',
    );

    await queueMail({ to: { ...to, email: 'nobody@example.kr' }, kind: 'approved', params: course });
    mail.sink.refuseNext(1, 550);
    assert.equal((await worker.runOnce()).failed, 1);
    assert.equal(await MailMessage.countDocuments({ state: 'failed' }), 2);
  });

  it('sends each message once when two workers (two app instances) drain the outbox at the same time', async () => {
    const recipients = Array.from({ length: 24 }, (_v, i) => ({
      email: `race-${i}@example.kr`,
      name: `경쟁 ${i}`,
      locale: 'ko' as const,
    }));
    await queueMail(...recipients.map((r) => ({ to: r, kind: 'promoted', params: course, link: courseLink })));
    const before = mail.sink.delivered.length;
    const a = mail.newWorker({ batchSize: 10 });
    const b = mail.newWorker({ batchSize: 10 });
    const passes = [];
    for (let round = 0; round < 4; round++)
      passes.push(...(await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()])));
    const delivered = mail.sink.delivered.slice(before).map((m) => m.to);
    assert.equal(delivered.length, 24, `delivered ${delivered.length}`);
    assert.equal(new Set(delivered).size, 24);
    assert.equal(
      passes.reduce((n, p) => n + p.sent, 0),
      24,
    );
    assert.ok(
      passes.some((p) => p.skipped > 0),
      'the workers did meet on a message',
    );
    assert.equal(await MailMessage.countDocuments(), 0);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('marks a message failed, not sent again, when the worker holding it died mid-send', async () => {
    const dead = { ...to, email: 'dead-worker@example.kr' };
    await queueMail({ to: dead, kind: 'approved', params: course });
    const message = (await MailMessage.findOne().lean())!;
    await MailClaim.create({ _id: `${String(message._id)}:0`, message: message._id, claimedAt: minutes(-11) });
    assert.equal((await mail.worker.runOnce()).skipped, 1);
    const after = (await MailMessage.findById(message._id).lean())!;
    assert.equal(after.state, 'failed');
    assert.match(after.lastError ?? '', /interrupted/);
    assert.equal(mail.sink.delivered.filter((m) => m.to === dead.email).length, 0);
  });

  it('starts, sends what is queued without waiting for its poll, and stops', async () => {
    const worker = mail.newWorker({ pollMs: 60_000 });
    worker.start();
    const before = mail.sink.delivered.length;
    await queueMail({ to: { ...to, email: 'woken@example.kr' }, kind: 'approved', params: course });
    for (let i = 0; i < 100 && mail.sink.delivered.length === before; i++) await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    assert.equal(mail.sink.delivered.at(-1)?.to, 'woken@example.kr');
  });

  it('takes replies to the programme office (MAIL_REPLY_TO) when no staff member wrote it, and says so', async () => {
    const trainee = await make.trainee();
    await notifyMany([trainee._id], 'approved', { titleKo: '과정', titleEn: 'Course' }, '/courses/x');
    const [plain] = await mail.deliver();
    assert.equal(plain?.replyTo, '', 'no office set: no reply-to');
    assert.match(plain?.text ?? '', /회신하셔도 답변을 드릴 수 없습니다/);

    const office = testConfig({ MAIL_REPLY_TO: '"포항시 사무국" <office@pohang.example>' });
    const worker = createMailWorker({
      transport: createMailTransport({ ...office, smtpUrl: mail.sink.url }),
      i18n: mail.i18n,
      baseUrl: office.baseUrl,
    });
    await notifyMany([trainee._id], 'approved', { titleKo: '과정', titleEn: 'Course' }, '/courses/x');
    const before = mail.sink.delivered.length;
    await worker.runOnce();
    const [m] = mail.sink.delivered.slice(before);
    assert.equal(m?.replyTo, '"포항시 사무국" <office@pohang.example>');
    assert.match(m?.text ?? '', /회신하시면 "포항시 사무국" <office@pohang\.example>\(으\)로 전달됩니다/);
    await worker.stop();
  });
});
