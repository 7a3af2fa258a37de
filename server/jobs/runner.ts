import crypto from 'node:crypto';
import os from 'node:os';
import { JobClaim } from '../../models/job-claim';
import { clock } from '../lib/clock';
import { isDuplicateKey } from '../lib/duplicate-key';
import type { Logger } from '../logger';

export interface JobPeriod {
  /** Start of the period this run is for. */
  start: Date;
  /** Start of the last period whose run finished, on any instance; absent on the very first run. */
  previous?: Date;
}

export interface Job {
  name: string;
  /** The job runs at most once per period of this length across all instances. */
  periodMs: number;
  run(period: JobPeriod): Promise<void>;
}

export interface JobRunner {
  /** Runs every job whose current period this instance has not tried yet; resolves when they are done. */
  tick(): Promise<void>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  logger: Logger;
  /** Names this instance in the claims, for whoever reads them. */
  instance?: string;
  /** How often the instance looks for a new period. */
  checkEveryMs?: number;
}

/** Claims older than this many periods are removed; they only say who ran what. */
const keptClaims = 24;

/** Inserts the claim of one period; false when another instance inserted it first. */
async function claimPeriod(job: Job, start: Date, instance: string): Promise<string | undefined> {
  const _id = `${job.name}@${start.toISOString()}`;
  try {
    await JobClaim.create({ _id, job: job.name, period: start, instance, claimedAt: new Date(clock.now()) });
    return _id;
  } catch (err) {
    if (isDuplicateKey(err)) return undefined;
    throw err;
  }
}

/** The job's claims are few (older ones are removed), so they are read by the job's name and sorted here. */
async function claimsOf(job: Job) {
  const claims = await JobClaim.find({ job: job.name }, { period: 1, finishedAt: 1 }).lean();
  return claims.sort((a, b) => b.period.getTime() - a.period.getTime());
}

/**
 * Runs periodic jobs in this app instance: every `checkEveryMs` (and once at start) each job's
 * current period is claimed by a unique insert, and only the instance whose insert succeeded runs
 * it. A run that fails is logged and not retried; the next period's run is told the last period
 * that finished, so it can make up for what was missed.
 */
export function startJobs(
  jobs: Job[],
  {
    logger,
    instance = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`,
    checkEveryMs = 60_000,
  }: RunnerOptions,
): JobRunner {
  const tried = new Map<string, number>();

  async function runJob(job: Job): Promise<void> {
    const start = Math.floor(clock.now() / job.periodMs) * job.periodMs;
    if (tried.get(job.name) === start) return;
    tried.set(job.name, start);
    const period = new Date(start);
    const claimId = await claimPeriod(job, period, instance);
    if (!claimId) {
      logger.debug({ job: job.name, period, instance }, 'job period claimed by another instance');
      return;
    }
    const claims = await claimsOf(job);
    const previous = claims.find((c) => c.finishedAt && c.period < period)?.period;
    const began = Date.now();
    await job.run({ start: period, previous });
    await JobClaim.updateOne({ _id: claimId }, { $set: { finishedAt: new Date(clock.now()) } });
    logger.info({ job: job.name, period, previous, instance, ms: Date.now() - began }, 'job ran');
    await Promise.all(claims.slice(keptClaims).map((c) => JobClaim.deleteOne({ _id: c._id })));
  }

  // Ticks run one after another, so a slow run is never started twice by this instance.
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      for (const job of jobs) {
        await runJob(job).catch((err: unknown) => logger.error({ err, job: job.name, instance }, 'job failed'));
      }
    });
    return running;
  };
  const timer = setInterval(() => void tick(), checkEveryMs);
  timer.unref();
  void tick();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
