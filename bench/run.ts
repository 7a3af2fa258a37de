// npm run bench -- <pilot|five-years|stress> [--out FILE.json] [--connections 10,50] [--seconds N] [--only catalog]
// Builds a programme of that size on a fresh database, serves the app in its production
// configuration, and measures each busy page against the framework ceiling (see bench/sizes.ts
// for every option).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import '../models';
import { connectDatabase, disconnectDatabase } from '../server/db/connect';
import { startEngine, type RunningEngine } from '../server/db/embedded-engine';
import { seedUniversities } from '../server/seed/partner-universities';
import { enrollBurst } from './enroll-burst';
import { timeExport } from './exports';
import { generate, type Generated } from './generate';
import { load } from './load';
import { treeCpuMs, watchMemory } from './memory';
import { readWholeFeed } from './changes-feed';
import { serveInProcess, type ServedProcess } from './served-process';
import { formatReport, writeReport, type BenchReport, type PageResult } from './report';
import { exportScenarios, occurrences, pageScenarios, type PageScenario } from './scenarios';
import { parseBenchArgs, type BenchOptions } from './sizes';
import { viaTls } from './session';
import { settle } from './settle';

/** The engine's own account of itself (FerretDB names its version and backend in buildInfo). */
async function describeEngine(): Promise<string> {
  const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
  const where = process.env.MONGODB_URI ? 'through MONGODB_URI' : 'embedded, server/db';
  const api = `MongoDB ${String(info.version)}`;
  return 'ferretdbVersion' in info
    ? `FerretDB ${String(info.ferretdbVersion)} (${where}; speaks ${api})`
    : `${api} (${where})`;
}

/** Fetches the page once and checks its status and body before it is loaded. */
async function checkPage(scenario: PageScenario): Promise<string> {
  const { target, expect } = scenario;
  const url = `${target.url}${target.nextPath ? target.nextPath() : (target.path ?? '/')}`;
  try {
    const res = await fetch(url, { headers: target.headers, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
    const body = await res.text();
    const found = occurrences(body, expect.marker);
    return res.status === 200 && found >= expect.atLeast
      ? `✓ ${found}× ${expect.marker}, ${Math.round(Buffer.byteLength(body) / 1024)} KB`
      : `✗ status ${res.status}, ${found}× ${expect.marker} (want ≥ ${expect.atLeast})`;
  } catch (err) {
    return `✗ ${(err as Error).message}`;
  }
}

/** The enrolment burst; a burst that cannot even start (e.g. sign-ins failing under a slow engine) is reported, not fatal. */
async function burstOf(options: BenchOptions, app: ServedProcess, data: Generated) {
  console.log(`  burst: ${options.applicants} applicants for ${options.seats} seats…`);
  return enrollBurst(app, data, options.applicants, options.seats).catch((err: unknown) => ({
    failed: (err as Error).message,
  }));
}

/** What the app sent the engine between two counts, per request: the total, and the commonest kinds. */
function commandsPerRequest(before: Record<string, number>, after: Record<string, number>, requests: number) {
  const per = (n: number) => Math.round((n / (requests || 1)) * 100) / 100;
  const kinds = Object.entries(after)
    .map(([kind, n]) => [kind, n - (before[kind] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return {
    total: per(kinds.reduce((sum, [, n]) => sum + n, 0)),
    kinds: kinds.slice(0, 6).map(([kind, n]) => `${kind} ${per(n)}`),
  };
}

const feedName = 'changes feed';

/** The whole changes feed, read from the beginning; a feed that cannot be read is reported, not fatal. */
async function feedOf(baseUrl: string, data: Generated) {
  await settle();
  console.log(`  ${feedName}: reading it whole…`);
  const figures = await readWholeFeed(baseUrl, data.cityEmail).catch((err: unknown) => ({
    failed: (err as Error).message,
  }));
  console.log(`  ${feedName}: ${JSON.stringify(figures)}`);
  return figures;
}

/** The CPU the app and the engine used between two readings, per request, in ms. */
function cpuPerRequest(
  before: { app: number; engine: number },
  after: { app: number; engine: number },
  requests: number,
) {
  const per = (ms: number) => Math.round((ms / (requests || 1)) * 100) / 100;
  return { app: per(after.app - before.app), engine: per(after.engine - before.engine) };
}

async function measure(options: BenchOptions, app: ServedProcess, data: Generated, enginePid?: number) {
  const cpu = () => ({ app: treeCpuMs(app.pid), engine: treeCpuMs(enginePid) });
  if (options.burstOnly) return { ceiling: [], pages: [], exports: [], burst: await burstOf(options, app, data) };
  const baseUrl = app.url;
  const ceiling = await serveInProcess('ceiling');
  const ceilingRuns = [];
  for (const connections of options.connections) {
    ceilingRuns.push(await load({ url: ceiling.url, path: '/courses' }, connections, options.seconds));
    console.log(`  ceiling at ${connections}: ${ceilingRuns.at(-1)!.rps} req/s`);
  }
  ceiling.stop();

  const pages: PageResult[] = [];
  const scenarios = (await pageScenarios(baseUrl, data, options.seed)).filter(
    (scenario) => !options.only || options.only.some((word) => scenario.name.includes(word)),
  );
  for (const scenario of scenarios) {
    await settle();
    const check = await checkPage(scenario);
    const runs = [];
    for (const [i, connections] of options.connections.entries()) {
      const waited = await settle();
      if (waited > 1) console.log(`  (waited ${waited} s for abandoned requests to finish)`);
      // The count includes what the app's own jobs sent meanwhile; the kinds show it.
      const [sentBefore, cpuBefore] = [await app.commands(), cpu()];
      const figures = await load(scenario.target, connections, options.seconds);
      const sent = commandsPerRequest(sentBefore, await app.commands(), figures.requests);
      const used = cpuPerRequest(cpuBefore, cpu(), figures.requests);
      runs.push({
        ...figures,
        commandsPerRequest: sent.total,
        cpuMsPerRequest: used,
        ratioToCeiling: Math.round((figures.rps / (ceilingRuns[i]!.rps || 1)) * 10_000) / 10_000,
        settledBeforeSeconds: waited,
      });
      console.log(
        `  ${scenario.name} at ${connections}: ${figures.rps} req/s, p99 ${figures.p99} ms, ${sent.total} engine commands a request (${sent.kinds.join(', ')}), CPU-ms a request app ${used.app} / engine ${used.engine}, non2xx ${figures.non2xx} ${check}`,
      );
    }
    pages.push({ name: scenario.name, check, runs });
  }
  const feed = options.only?.every((word) => !feedName.includes(word)) ? undefined : await feedOf(baseUrl, data);
  if (options.only) return { ceiling: ceilingRuns, pages, exports: [], feed, burst: { skipped: '--only' } };
  await settle();
  const exports = [];
  for (const target of await exportScenarios(baseUrl, data)) {
    exports.push(await timeExport(target, options.exports));
    console.log(`  ${target.name}: ${exports.at(-1)!.ms.join(', ')} ms`);
  }
  return { ceiling: ceilingRuns, pages, exports, feed, burst: await burstOf(options, app, data) };
}

async function main() {
  const options = parseBenchArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-bench-'));
  // Interrupted: the engine exits with us (its stdin closes); its files go too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  }
  let engine: RunningEngine | undefined;
  try {
    engine = process.env.MONGODB_URI ? undefined : await startEngine({ dir });
    const mongodbUri = process.env.MONGODB_URI ?? engine!.uri;
    const dbName = `bench_${Date.now()}`;
    await connectDatabase(mongodbUri, dbName, engine?.postgresUrl);
    await seedUniversities();
    console.log(
      `Generating ${options.size.name}: ${options.size.courses} courses, ${options.size.trainees} trainees, ~${options.size.enrollments} enrollments…`,
    );
    const started = performance.now();
    const data = await generate(options.size, options.seed);
    const generationSeconds = Math.round((performance.now() - started) / 100) / 10;
    console.log(
      `Generated in ${generationSeconds} s: ${Object.entries(data.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );
    if (options.generateOnly) return;

    const app = await serveInProcess(
      { app: { mongodbUri, dbName, postgresUrl: engine?.postgresUrl } },
      options.profileDir,
    );
    const memory = watchMemory(app.pid, engine?.pid);
    const baseUrl = app.url;
    await fetch(`${baseUrl}/healthz`, { headers: viaTls });

    const measured = await measure(options, app, data, engine?.pid);
    const cpus = os.cpus();
    const report: BenchReport = {
      size: options.size,
      seed: options.seed,
      counts: data.counts,
      generationSeconds,
      machine: {
        cores: cpus.length,
        cpu: cpus[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        platform: `${os.platform()} ${os.release()}`,
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      date: new Date().toISOString(),
      node: process.version,
      engine: await describeEngine(),
      secondsPerScenario: options.seconds,
      ...measured,
      memory: memory.now(),
    };
    memory.stop();
    console.log(`\n${formatReport(report)}`);
    if (options.out) {
      writeReport(options.out, report);
      console.log(`\nFigures written to ${options.out}`);
    }
    app.stop();
  } finally {
    await disconnectDatabase();
    await engine?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
