import crypto from 'node:crypto';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { createApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { connectDatabase, disconnectDatabase } from '../../server/db/connect';
import { createI18n } from '../../server/i18n';
import { createLogger } from '../../server/logger';
import { seedUniversities } from '../../server/seed/partner-universities';
import { allocatorsIdle } from '../../server/services/allocation/allocator';
import { copiesSettled, removeDone } from '../../server/services/copies/changes';
import '../../models';

export interface TestContext {
  app: Express;
  config: Config;
  dbName: string;
}

/** The tests' configuration; `env` adds or overrides variables (TRUST_PROXY, session limits). */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'test-secret-that-is-long-enough-for-validation',
    LOG_LEVEL: 'silent',
    MONGODB_URI: process.env.TEST_MONGODB_URI,
    ...env,
  });
}

export interface TestAppOptions {
  /** Emit the driver's command events, for tests that count engine commands (support/commands.ts). */
  monitorCommands?: boolean;
  /**
   * Open the database without the engine's PostgreSQL, as with a MONGODB_URI alone: no GIN
   * indexes and no change channel, so nothing about sign-in is served from memory.
   */
  withoutPostgres?: boolean;
}

/**
 * Registers before/after hooks that give the calling test file its own database,
 * with the partner universities seeded, and the real app on top of it.
 */
export function useTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): TestContext {
  const ctx = {} as TestContext;
  before(async function () {
    this.timeout(60_000);
    const uri = process.env.TEST_MONGODB_URI;
    if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests through mocha with test/setup.ts');
    ctx.dbName = `test_${crypto.randomBytes(5).toString('hex')}`;
    const postgresUrl = options.withoutPostgres ? undefined : process.env.TEST_POSTGRES_URL;
    await connectDatabase(uri, ctx.dbName, postgresUrl, undefined, { monitorCommands: options.monitorCommands });
    await seedUniversities();
    ctx.config = testConfig(env);
    ctx.app = createApp({ config: ctx.config, logger: createLogger('silent'), i18n: await createI18n() });
  });
  after(async () => {
    // Work the file's actions left running after their answers ends on this file's database.
    await allocatorsIdle();
    await copiesSettled();
    await removeDone();
    await mongoose.connection.db?.dropDatabase();
    await disconnectDatabase();
  });
  return ctx;
}
