import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { MailClaim } from '../../../models/mail-claim';
import { MailMessage } from '../../../models/mail-message';
import { Notification } from '../../../models/notification';
import { queueMail } from '../../../server/services/notifications/mail/outbox';
import { createMailTransport } from '../../../server/services/notifications/mail/transport';
import { createMailWorker } from '../../../server/services/notifications/mail/worker';
import { notify, notifyKeyed, notifyMany } from '../../../server/services/notifications/notices';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';
import { useMail } from '../../support/mail';

const course = { titleKo: '리튬이온 셀 공정', titleEn: 'Li-ion cell processing' };
const courseLink = '/courses/0123456789abcdef01234567';
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe('email', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);

  beforeEach(async () => {
    await MailMessage.deleteMany({});
    await MailClaim.deleteMany({});
  });

  describe('notifications by mail', () => {
    it('writes a keyed notice and its mail once, however often a re-run after a crash asks, before or after it was sent', async () => {
      const trainee = await make.trainee({ name: '김재시도', locale: 'ko' });
      const notice = {
        key: 'promote:test-enrollment:3',
        user: trainee._id,
        kind: 'approved',
        params: course,
        link: courseLink,
      };
      await notifyKeyed([notice]);
      await notifyKeyed([notice]);
      assert.equal(await Notification.countDocuments({ user: trainee._id }), 1);
      assert.equal(await MailMessage.countDocuments({ to: trainee.email }), 1);
      assert.equal((await mail.deliver()).length, 1);
      // A re-run after the mail went queues it again: the worker sees its notice mailed and drops it.
      await notifyKeyed([notice]);
      assert.equal((await mail.deliver()).length, 0);
      assert.equal(await MailMessage.countDocuments({ to: trainee.email }), 0);
      assert.equal(await Notification.countDocuments({ user: trainee._id }), 1);
      // Another step's notice of the same kind is its own.
      await notifyKeyed([{ ...notice, key: 'promote:test-enrollment:5' }]);
      assert.equal((await mail.deliver()).length, 1);
    });

    it('sends each in-app notice by SMTP in the recipient’s language, with an absolute link on BASE_URL, then clears it from the outbox', async () => {
      const ko = await make.trainee({ name: '김소재', locale: 'ko' });
      const en = await make.trainee({ name: 'Jane Cell', locale: 'en' });
      await notifyMany([ko._id, en._id], 'approved', course, courseLink);
      const delivered = await mail.deliver();
      assert.equal(delivered.length, 2);

      const korean = mail.lastTo(ko.email)!;
      assert.equal(korean.subject, '[이차전지 인재 허브] 「리튬이온 셀 공정」 신청이 승인되었습니다');
      assert.match(korean.text, /^김소재님, 안녕하세요\./);
      assert.match(korean.text, /「리튬이온 셀 공정」 과정 신청이 승인되었습니다\./);
      assert.equal(korean.link, `${ctx.config.baseUrl}${courseLink}`);
      assert.match(
        korean.html,
        /<a href="http:\/\/127\.0\.0\.1:3000\/courses\/0123456789abcdef01234567"[^>]*>과정 보기<\/a>/,
      );
      assert.match(korean.from, /no-reply@/);

      const english = mail.lastTo(en.email)!;
      assert.equal(english.subject, '[Battery Talent Hub] Your application for “Li-ion cell processing” was approved');
      assert.match(english.text, /^Hello Jane Cell,/);
      assert.match(english.html, /View the course/);

      assert.equal(await MailMessage.countDocuments(), 0);
      const notices = await Notification.find({ user: { $in: [ko._id, en._id] } }).lean();
      assert.ok(notices.every((n) => n.mailedAt instanceof Date));
    });

    it('has a subject of its own for every kind of in-app notice, in both languages', async () => {
      const ko = await make.trainee({ locale: 'ko' });
      const en = await make.trainee({ locale: 'en' });
      // Every key of notifications.json but the page's own texts and a kind's variants (`rejected_reason`) is a kind of notice.
      const kinds = Object.keys(mail.i18n.getResource('ko', 'translation', 'notifications') as object).filter(
        (k) => !['title', 'empty', 'unread', 'new'].includes(k) && !k.includes('_'),
      );
      assert.ok(kinds.length >= 6, kinds.join());
      for (const kind of kinds) {
        await notifyMany([ko._id, en._id], kind, { ...course, number: 'PH-2026-0001', label: '2026-Q3' }, courseLink);
        const delivered = await mail.deliver();
        assert.equal(delivered.length, 2);
        for (const m of delivered) {
          assert.doesNotMatch(
            m.subject,
            /새 알림이 있습니다|new notification/,
            `add mail.${kind}.subject to mail.json (ko and en)`,
          );
          assert.match(
            m.subject,
            m.to === ko.email
              ? /^\[이차전지 인재 허브\] .*(리튬이온 셀 공정|2026-Q3)/
              : /^\[Battery Talent Hub\] .*(Li-ion cell processing|2026-Q3)/,
          );
        }
      }
    });

    it('mails a new kind of notice by adding its in-app text alone, under the general subject', async () => {
      mail.i18n.addResource('ko', 'translation', 'notifications.targetsChanged', '「{{period}}」 목표가 바뀌었습니다.');
      const staff = await make.staff('postech', { name: '이담당' });
      await notify(staff._id, 'targetsChanged', { period: '2026-Q3' }, '/city/targets');
      const [message] = await mail.deliver();
      assert.equal(message?.subject, '[이차전지 인재 허브] 새 알림이 있습니다');
      assert.match(message?.text ?? '', /「2026-Q3」 목표가 바뀌었습니다\./);
      assert.equal(message?.linkPath, '/city/targets');
    });

    it('does not mail a deactivated account, which still gets the notice in the app', async () => {
      const gone = await make.trainee();
      await gone.updateOne({ active: false });
      await notify(gone._id, 'cancelled', course, courseLink);
      assert.equal(await Notification.countDocuments({ user: gone._id }), 1);
      assert.equal(await MailMessage.countDocuments(), 0);
    });
  });

  describe('the worker', () => {
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
      for (let i = 0; i < 100 && mail.sink.delivered.length === before; i++)
        await new Promise((r) => setTimeout(r, 50));
      await worker.stop();
      assert.equal(mail.sink.delivered.at(-1)?.to, 'woken@example.kr');
    });
  });

  it('without SMTP_URL writes each message as an .eml file that a mail program reads', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-mail-'));
    try {
      const lines: string[] = [];
      const transport = createMailTransport({
        smtpUrl: undefined,
        mailFrom: ctx.config.mailFrom,
        mailDir: path.join(dir, 'mail'),
      });
      assert.match(transport.description, /\.eml files to .*mail/);
      const worker = createMailWorker({
        transport,
        i18n: mail.i18n,
        baseUrl: ctx.config.baseUrl,
        announce: (line) => lines.push(line),
      });
      await queueMail({
        to: { email: 'file@example.kr', name: 'Dev', locale: 'en' },
        kind: 'activate',
        params: { hours: 24 },
        link: '/register/activate/abc',
      });
      assert.equal((await worker.runOnce()).sent, 1);
      const files = fs.readdirSync(path.join(dir, 'mail'));
      assert.equal(files.length, 1);
      assert.match(files[0]!, /\.eml$/);
      const parsed = await simpleParser(fs.readFileSync(path.join(dir, 'mail', files[0]!)));
      assert.equal(parsed.subject, '[Battery Talent Hub] Finish signing up');
      assert.match(parsed.text ?? '', /http:\/\/127\.0\.0\.1:3000\/register\/activate\/abc/);
      assert.match(
        lines[0] ?? '',
        /file@example\.kr · \[Battery Talent Hub\] Finish signing up\n.*\.eml\n.*\/register\/activate\/abc/,
      );
      await worker.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
