import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createI18n } from '../../../../server/i18n';
import { createLogger } from '../../../../server/logger';
import { queueMail } from '../../../../server/services/notifications/mail/outbox';
import { startMail } from '../../../../server/services/notifications/mail/start';
import { testConfig, useTestApp } from '../../../support/app';

describe('notifications/mail/start: an instance’s mail worker', () => {
  useTestApp();

  it('starts sending at once, says on the console where mail goes, and stops', async () => {
    const i18n = await createI18n();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-start-'));
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.join(' '));
    const worker = (() => {
      try {
        return startMail(testConfig({ DATA_DIR: dir }), i18n, createLogger('silent'));
      } finally {
        console.log = log;
      }
    })();
    try {
      assert.deepEqual(lines, [
        `Mail is written as .eml files to ${path.join(dir, 'mail')} (set SMTP_URL to send them)`,
      ]);
      await queueMail({ to: { email: 'start@example.kr', name: '시작', locale: 'ko' }, kind: 'approved', params: {} });
      const mailDir = path.join(dir, 'mail');
      const written = () => (fs.existsSync(mailDir) ? fs.readdirSync(mailDir) : []);
      for (let i = 0; i < 100 && written().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(written().filter((f) => f.endsWith('.eml')).length, 1);
    } finally {
      await worker.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
