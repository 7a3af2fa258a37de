import mongoose from 'mongoose';
import { createApp } from './app';
import { bootstrap } from './bootstrap';
import { trackOperationsInFlight } from './db/operations-in-flight';
import { createI18n } from './i18n';
import { startAppJobs } from './jobs';
import { drainable } from './lib/drain-http-server';
import { trackRunningHandlers, whenIdle } from './lib/running-handlers';
import { seedOnStart } from './seed';
import { allocatorsIdle } from './services/allocation/allocator';
import { resumeOpenIntents } from './services/allocation/resume';
import { writeTokenUses } from './services/api-tokens/uses';
import { copiesSettled, removeDone } from './services/copies/changes';
import { startMail } from './services/notifications/mail/start';
import { createShutdown } from './shutdown';

/**
 * How long handlers still running after their responses were sent or cut off may go on before
 * the database is closed under them (then they are logged). They finish their writes in
 * well under a second as a rule; this only bounds a stuck one.
 */
const handlerFinishMs = 30_000;

async function main() {
  // Until the app is up there is nothing to drain: giving up on the engine exits at once.
  let stop: (reason: string, exitCode?: number) => void = (_reason, exitCode = 0) => process.exit(exitCode);
  const { config, logger, db } = await bootstrap(() => stop('the database engine keeps failing', 1));
  const summary = await seedOnStart(config);

  const i18n = await createI18n();
  // Before the first request: what shutting down waits for before it closes the database.
  const handlers = trackRunningHandlers();
  const operations = trackOperationsInFlight(mongoose.connection.getClient());
  const app = createApp({ config, logger, i18n });
  const server = app.listen(config.port, config.host);
  const http = drainable(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });

  const jobs = startAppJobs(logger, config.retentionDays);
  // What an instance that stopped (this one, or another) left undecided is finished now, not at the next minute's job.
  const resumed = resumeOpenIntents().then(
    (courses) => courses && logger.info({ courses }, 'resumed undecided actions'),
    (err: unknown) => logger.error({ err }, 'resuming undecided actions failed'),
  );

  console.log(`\nBattery Talent Hub is running at ${config.baseUrl}  (database: ${db.description})`);
  if (summary) console.log(summary);
  const mail = startMail(config, i18n, logger);

  stop = createShutdown(logger, [
    { name: 'engine restarts', close: () => db.stopRestarting() },
    {
      name: 'HTTP server',
      close: async () => {
        const { cutOff } = await http.drain(config.shutdownGraceMs);
        if (cutOff) logger.warn({ cutOff }, 'responses still running at the shutdown deadline were cut off');
      },
    },
    {
      // A response can be over (or cut off at the deadline) while its handler still writes
      // (the audit entry, the history record): the database stays until those are done.
      name: 'request handlers',
      close: async () => {
        const busy = () => handlers.count() + operations.count();
        const running = { handlers: handlers.count(), operations: operations.count() };
        if (busy()) logger.info(running, 'waited for request handlers that outlived their response');
        if (await whenIdle(busy, handlerFinishMs))
          logger.error(
            { handlers: handlers.count(), operations: operations.count() },
            'request handlers still running; closing the database under them',
          );
      },
    },
    // Background workers stop here, one line each, while the database is still there for them.
    { name: 'allocators', close: () => resumed.then(allocatorsIdle) },
    { name: 'periodic jobs', close: () => jobs.stop() },
    { name: 'mail worker', close: () => mail.stop() },
    // Copies that follow answers finish, and the marks of changes announced are removed (in batches: the last one now).
    { name: 'copies after answers', close: () => copiesSettled().then(removeDone) },
    { name: 'API token use counts', close: writeTokenUses },
    { name: 'database connection', close: () => db.disconnect() },
    { name: 'database engine', close: () => db.stopEngine() },
  ]);
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
