import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { MailClaim } from '../../../../models/mail-claim';
import { MailMessage } from '../../../../models/mail-message';
import { queueMail } from '../../../../server/services/notifications/mail/outbox';
import { createMailTransport } from '../../../../server/services/notifications/mail/transport';
import { createMailWorker } from '../../../../server/services/notifications/mail/worker';
import { useTestApp } from '../../../support/app';
import { useMail } from '../../../support/mail';

describe('the mail transport', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);

  beforeEach(async () => {
    await MailMessage.deleteMany({});
    await MailClaim.deleteMany({});
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
