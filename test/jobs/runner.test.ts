import assert from 'node:assert/strict';
import { JobClaim } from '../../models/job-claim';
import { hourMs } from '../../server/lib/clock';
import { startJobs, type Job, type JobPeriod } from '../../server/jobs/runner';
import { createLogger } from '../../server/logger';
import { useTestApp } from '../support/app';
import { useClock } from '../support/clock';

describe('periodic jobs', () => {
  useTestApp();
  const clock = useClock();
  const logger = createLogger('silent');

  function countingJob(name: string, fail = () => false) {
    const runs: JobPeriod[] = [];
    const job: Job = {
      name,
      periodMs: hourMs,
      async run(period) {
        runs.push(period);
        // Long enough for the other instances' claims to arrive while this one runs.
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (fail()) throw new Error('the job failed');
      },
    };
    return { job, runs };
  }

  it('runs a job once per period across instances, telling each run the previous one', async () => {
    const { job, runs } = countingJob('count-once');
    const instances = ['a', 'b', 'c'].map((instance) =>
      startJobs([job], { logger, instance, checkEveryMs: 3_600_000 }),
    );
    try {
      for (let period = 0; period < 3; period++) {
        await Promise.all(instances.map((i) => i.tick()));
        await Promise.all(instances.map((i) => i.tick()));
        clock.advance(hourMs);
      }
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
    }
    assert.equal(runs.length, 3);
    const starts = runs.map((r) => r.start.getTime());
    assert.equal(new Set(starts).size, 3);
    assert.deepEqual(
      runs.map((r) => r.previous?.getTime()),
      [undefined, starts[0], starts[1]],
    );
    const claims = await JobClaim.find({ job: 'count-once' }).lean();
    assert.equal(claims.length, 3);
    assert.ok(claims.every((c) => c.finishedAt && ['a', 'b', 'c'].includes(c.instance)));
  });

  it('leaves a failed period unfinished, so the next run starts from the last one that finished', async () => {
    let failing = false;
    const { job, runs } = countingJob('fails-once', () => failing);
    const runner = startJobs([job], { logger, checkEveryMs: 3_600_000 });
    try {
      await runner.tick();
      failing = true;
      clock.advance(hourMs);
      await runner.tick();
      failing = false;
      clock.advance(hourMs);
      await runner.tick();
    } finally {
      await runner.stop();
    }
    assert.equal(runs.length, 3);
    assert.equal(runs[2]!.previous?.getTime(), runs[0]!.start.getTime());
  });

  it('waits for a run in progress when stopped, and looks for new periods no more', async () => {
    const { job, runs } = countingJob('stops');
    const runner = startJobs([job], { logger, checkEveryMs: 10 });
    await runner.stop();
    assert.equal(runs.length, 1, 'the first run, started at once, finished before stop resolved');
    assert.equal(await JobClaim.countDocuments({ job: 'stops', finishedAt: { $exists: true } }), 1);
    clock.advance(hourMs);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(runs.length, 1, 'no tick after stop');
  });
});
