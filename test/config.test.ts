import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../server/config';
import { rootDir } from '../server/paths';

describe('configuration', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-config-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('names each bad variable', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', DATA_DIR: dataDir }),
      (err: unknown) => err instanceof ConfigError && /PORT/.test(err.message) && /MONGODB_URI/.test(err.message),
    );
  });

  it('requires SESSION_SECRET in production', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir }),
      /SESSION_SECRET: required in production/,
    );
  });

  it('generates a development secret once and keeps it under the data directory', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    assert.ok(first.sessionSecret.length >= 32);
    assert.equal(second.sessionSecret, first.sessionSecret);
    assert.ok(fs.existsSync(path.join(dataDir, 'session-secret')));
  });

  it('sends mail through SMTP_URL from MAIL_FROM, or writes it under the data directory', () => {
    const files = loadConfig({ DATA_DIR: dataDir, BASE_URL: 'https://talent.pohang.example' });
    assert.equal(files.smtpUrl, undefined);
    assert.equal(files.mailDir, path.join(dataDir, 'mail'));
    assert.equal(files.mailFrom, '"포항시 이차전지 인재 허브" <no-reply@talent.pohang.example>');
    const smtp = loadConfig({
      DATA_DIR: dataDir,
      SMTP_URL: 'smtps://user:secret@mail.example:465',
      MAIL_FROM: '포항시 <edu@pohang.example>',
    });
    assert.equal(smtp.smtpUrl, 'smtps://user:secret@mail.example:465');
    assert.equal(smtp.mailFrom, '포항시 <edu@pohang.example>');
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir, SMTP_URL: 'mail.example:25' }),
      /SMTP_URL: must look like smtp:/,
    );
  });

  it('uses defaults and derives the base URL', () => {
    const c = loadConfig({ DATA_DIR: dataDir, PORT: '4000' });
    assert.equal(c.env, 'development');
    assert.equal(c.baseUrl, 'http://127.0.0.1:4000');
    assert.equal(c.mongodbUri, undefined);
    assert.equal(c.seedDemo, true);
    assert.equal(c.shutdownGraceMs, 10_000);
    assert.equal(c.dbPoolSize, 10);
    assert.deepEqual(c.sessionLimits, {
      staff: { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 },
      trainee: { idleMs: 24 * 3_600_000, maxMs: 7 * 24 * 3_600_000 },
    });
  });

  it('reads the pool size and session limits, and refuses an idle limit longer than the absolute one', () => {
    const c = loadConfig({
      DATA_DIR: dataDir,
      DB_POOL_SIZE: '8',
      SESSION_STAFF_IDLE_MINUTES: '15',
      SESSION_STAFF_MAX_HOURS: '8',
    });
    assert.equal(c.dbPoolSize, 8);
    assert.deepEqual(c.sessionLimits.staff, { idleMs: 15 * 60_000, maxMs: 8 * 3_600_000 });
    assert.throws(() => loadConfig({ DATA_DIR: dataDir, DB_POOL_SIZE: '0' }), /DB_POOL_SIZE/);
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir, SESSION_TRAINEE_IDLE_MINUTES: '600', SESSION_TRAINEE_MAX_HOURS: '8' }),
      /SESSION_TRAINEE_IDLE_MINUTES: longer than SESSION_TRAINEE_MAX_HOURS/,
    );
  });

  it('reads the shutdown grace period in seconds', () => {
    assert.equal(loadConfig({ DATA_DIR: dataDir, SHUTDOWN_GRACE_SECONDS: '2.5' }).shutdownGraceMs, 2_500);
    assert.throws(() => loadConfig({ DATA_DIR: dataDir, SHUTDOWN_GRACE_SECONDS: 'soon' }), /SHUTDOWN_GRACE_SECONDS/);
  });

  describe('DATA_DIR', () => {
    const isConfigError = (pattern: RegExp) => (err: unknown) =>
      err instanceof ConfigError && /DATA_DIR: /.test(err.message) && pattern.test(err.message);
    const file = path.join(dataDir, 'a-file');
    before(() => fs.writeFileSync(file, 'not a directory'));

    it('stops with a message naming DATA_DIR when it is a regular file, or lies under one', () => {
      assert.throws(() => loadConfig({ DATA_DIR: file }), isConfigError(/a-file is not a directory/));
      assert.throws(
        () => loadConfig({ DATA_DIR: path.join(file, 'data') }),
        isConfigError(/data cannot be created: .*a-file is not a directory/),
      );
      // With a session secret, a database and SMTP given, nothing is written there: nothing is checked.
      const external = {
        DATA_DIR: path.join(file, 'data'),
        SESSION_SECRET: 'a-session-secret-that-is-long-enough-for-it',
        MONGODB_URI: 'mongodb://db.internal:27017/bth',
        SMTP_URL: 'smtp://mail.internal:25',
      };
      assert.equal(loadConfig(external).dataDir, path.join(file, 'data'));
      // Each use is checked: the embedded engine's cluster under it, and the mail written to files.
      fs.mkdirSync(path.join(dataDir, 'mail-is-file'));
      fs.writeFileSync(path.join(dataDir, 'mail-is-file', 'mail'), '');
      assert.throws(
        () => loadConfig({ ...external, DATA_DIR: path.join(dataDir, 'mail-is-file'), SMTP_URL: undefined }),
        isConfigError(/mail-is-file\/mail is not a directory/),
      );
    });

    it('stops with a message naming DATA_DIR when it is not writable, or cannot be made', function () {
      const locked = path.join(dataDir, 'locked');
      fs.mkdirSync(locked);
      // Root writes through file modes: an immutable directory refuses it as a read-only disk would.
      const asRoot = process.getuid?.() === 0;
      try {
        if (asRoot) execFileSync('chattr', ['+i', locked], { stdio: 'pipe' });
        else fs.chmodSync(locked, 0o555);
      } catch (err) {
        this.skip(); // chattr is missing or the file system has no immutable flag
        throw err;
      }
      try {
        assert.throws(() => loadConfig({ DATA_DIR: locked }), isConfigError(/locked is not writable \(E[A-Z]+\)/));
        assert.throws(
          () => loadConfig({ DATA_DIR: path.join(locked, 'data') }),
          isConfigError(/data cannot be created: .*locked is not writable/),
        );
      } finally {
        if (asRoot) execFileSync('chattr', ['-i', locked]);
        else fs.chmodSync(locked, 0o755);
      }
    });

    it('makes the app print that message alone and exit 1, without a stack trace', function () {
      this.timeout(60_000);
      const start = spawnSync(process.execPath, ['--import', 'tsx', path.join('server', 'index.ts')], {
        cwd: rootDir,
        env: { ...process.env, NODE_ENV: 'test', MONGODB_URI: '', DATA_DIR: path.join(file, 'data') },
        encoding: 'utf8',
        timeout: 50_000,
      });
      assert.equal(start.status, 1, start.stderr);
      assert.match(start.stderr, /Invalid configuration:\n\s+DATA_DIR: .*a-file is not a directory/);
      assert.doesNotMatch(start.stderr, /\n\s+at /, 'no stack trace');
    });
  });

  it('reads the privacy notice and certificate settings, and names a bad one', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PRIVACY_OFFICER_NAME: '김보호',
      PRIVACY_OFFICER_PHONE: '054-270-2000',
      CERTIFICATE_SIGNATORY: '포항시장 · 포스텍 총장',
    });
    assert.equal(config.privacyNotice.officerName, '김보호');
    assert.equal(config.privacyNotice.officerEmail, 'privacy@127.0.0.1');
    assert.equal(config.privacyNotice.cityRetentionYears, 5);
    assert.equal(config.certificate.signatory, '포항시장 · 포스텍 총장');
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir, PRIVACY_OFFICER_EMAIL: 'nobody', PRIVACY_OFFICER_PHONE: 'call me' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /PRIVACY_OFFICER_EMAIL/.test(err.message) &&
        /PRIVACY_OFFICER_PHONE/.test(err.message),
    );
  });
});
