// npm run bench: builds a programme of realistic size on a fresh engine, then measures the
// busiest pages with autocannon (throughput and latency percentiles). Options via env:
// BENCH_COURSES, BENCH_TRAINEES, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_APPLICANTS.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import '../models';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { connectDatabase, disconnectDatabase } from '../server/db/connect';
import { startEngine } from '../server/db/embedded-engine';
import { createI18n } from '../server/i18n';
import { createLogger } from '../server/logger';
import { seedUniversities } from '../server/seed/universities';
import { enrollBurst } from './enroll-burst';
import { generate } from './generate';
import { scenarios } from './scenarios';
import { viaTls } from './session';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main() {
  const size = { courses: num('BENCH_COURSES', 80), trainees: num('BENCH_TRAINEES', 800), enrollmentsPerTrainee: 3 };
  const seconds = num('BENCH_SECONDS', 5);
  const connections = num('BENCH_CONNECTIONS', 10);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-bench-'));
  const engine = process.env.MONGODB_URI ? undefined : await startEngine({ dir });
  await connectDatabase(process.env.MONGODB_URI ?? engine!.uri, `bench_${Date.now()}`);
  await seedUniversities();
  const started = Date.now();
  const data = await generate(size);
  console.log(`Generated ${size.courses} courses, ${size.trainees} trainees, ${data.enrollments} enrollments in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret', LOG_LEVEL: 'silent', TRUST_PROXY: '1' });
  const app = createApp({ config, logger: createLogger('silent'), i18n: await createI18n() });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const rows: Record<string, string | number>[] = [];
  for (const scenario of await scenarios(baseUrl, data)) {
    const result = await autocannon({ url: baseUrl, connections, duration: seconds, requests: scenario.requests, headers: { ...viaTls, ...scenario.headers } });
    rows.push({
      scenario: scenario.name,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p90 ms': result.latency.p90,
      'p99 ms': result.latency.p99,
      'max ms': result.latency.max,
      non2xx: result.non2xx,
      errors: result.errors,
    });
  }
  rows.push(await enrollBurst(baseUrl, data, num('BENCH_APPLICANTS', 60), 30));
  console.log(`\n${connections} connections, ${seconds} s per scenario, ${os.cpus().length} cores`);
  console.table(rows);

  await new Promise<void>((resolve) => server.close(() => resolve()));
  await disconnectDatabase();
  await engine?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
