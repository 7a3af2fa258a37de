import type { Server } from 'node:http';
import { createApp } from './app';
import { bootstrap } from './bootstrap';
import { createI18n } from './i18n';
import { startAppJobs } from './jobs';
import { createLogger } from './logger';
import { seedOnStart } from './seed';
import { startMail } from './services/mail/start';

async function main() {
  const { config, db } = await bootstrap();
  const logger = createLogger(config.logLevel);
  const summary = await seedOnStart(config);

  const i18n = await createI18n();
  const app = createApp({ config, logger, i18n });
  const server: Server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });

  const jobs = startAppJobs(logger);

  console.log(`\nBattery Talent Hub is running at ${config.baseUrl}  (database: ${db.description})`);
  if (summary) console.log(summary);
  const mail = startMail(config, i18n, logger);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await jobs.stop();
      await mail.stop();
      await db.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
