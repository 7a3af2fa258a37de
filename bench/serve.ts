// What the benchmark loads, each in a Node process of its own so that the load generator shares
// neither its CPU nor its memory: the app in its production configuration on the database the
// benchmark prepared, or (argument `ceiling`) the framework ceiling. Reports its port over IPC.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import '../models';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { connectDatabase } from '../server/db/connect';
import { createI18n } from '../server/i18n';
import { createLogger } from '../server/logger';
import { seedOnStart } from '../server/seed';
import { ceilingApp } from './ceiling';

async function theApp() {
  const uri = process.env.BENCH_MONGODB_URI;
  if (!uri) throw new Error('BENCH_MONGODB_URI is not set');
  // With the engine's PostgreSQL, as production on the embedded engine: sign-in is served from memory.
  await connectDatabase(uri, process.env.BENCH_DB, process.env.BENCH_POSTGRES_URL, undefined, {
    monitorCommands: true,
  });
  // Every command the app sends the engine, for the benchmark's count per request.
  const commands: Record<string, number> = {};
  mongoose.connection.getClient().on('commandStarted', (e) => {
    const kind = `${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`;
    commands[kind] = (commands[kind] ?? 0) + 1;
  });
  process.on('message', (message: { ask?: string }) => {
    if (message.ask === 'commands') process.send?.({ commands });
  });
  const config = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'silent',
    TRUST_PROXY: '1',
  });
  // What every start does before serving (production: no demo data): migrations, copies, the feed's start.
  await seedOnStart(config);
  return createApp({ config, logger: createLogger('silent'), i18n: await createI18n() });
}

async function main() {
  if (!process.send) throw new Error('bench/serve.ts is started by bench/run.ts');
  const app = process.argv[2] === 'ceiling' ? ceilingApp() : await theApp();
  const server: Server = app.listen(0, '127.0.0.1', () =>
    process.send?.({ port: (server.address() as AddressInfo).port }),
  );
  // The benchmark ends us by closing the IPC channel, or by a signal.
  process.on('disconnect', () => process.exit(0));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
