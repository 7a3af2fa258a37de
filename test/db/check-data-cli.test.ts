import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Enrollment } from '../../models/enrollment';
import { rootDir } from '../../server/paths';
import { courseWithApplications } from '../support/drift';
import { useTestApp } from '../support/app';

interface Run {
  code: number | null;
  out: string;
}

describe('npm run check-data (the command)', () => {
  const ctx = useTestApp();

  /** Runs the command from source against this file's database, as `npm run check-data -- ARGS` runs it built. */
  function checkData(...args: string[]): Promise<Run> {
    const uri = new URL(process.env.TEST_MONGODB_URI!);
    uri.pathname = `/${ctx.dbName}`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('server', 'db', 'check-data-cli.ts'), ...args],
      { cwd: rootDir, env: { ...process.env, MONGODB_URI: uri.href }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
  }

  it('exits 0 on consistent data, 1 with drift, and 0 after --repair when the second look finds nothing', async function () {
    this.timeout(120_000);
    const { course, applied } = await courseWithApplications(3);
    const clean = await checkData();
    assert.equal(clean.code, 0, clean.out);
    assert.match(clean.out, /No differences: 13 checks found the data as the rules and the facts say\./);

    await Enrollment.updateOne({ _id: applied[0]!.enrollmentId }, { $set: { status: 'withdrawn' } });
    const drift = await checkData();
    assert.equal(drift.code, 1, drift.out);
    const seat = `[seat-without-enrollment] seat 1 of course ${String(course._id)} (${course.code}): its enrollment ${applied[0]!.enrollmentId} is withdrawn`;
    assert.ok(drift.out.includes(`${seat}\n`), drift.out);
    assert.match(
      drift.out,
      /\d+ differences in \d+ of 13 checks\. `npm run check-data -- --repair` repairs those that have a repair\./,
    );

    const repaired = await checkData('--repair');
    assert.equal(repaired.code, 0, repaired.out);
    assert.ok(repaired.out.includes(`${seat} — repaired\n`), repaired.out);
    assert.match(repaired.out, /Checked again after the repairs: no differences\./);
    assert.equal(
      (await Enrollment.findById(applied[2]!.enrollmentId).lean())?.status,
      'enrolled',
      'the waitlist moved up',
    );
  });

  it('exits 2 without looking when asked for a check that does not exist', async () => {
    const run = await checkData('--only', 'no-such-check');
    assert.equal(run.code, 2);
    assert.match(run.out, /No check named no-such-check\./);
  });
});
