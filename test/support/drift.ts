import { copiesSettled } from '../../server/services/copies/changes';
import mongoose from 'mongoose';
import { AuditEvent } from '../../models/audit-event';
import { CacheVersion } from '../../models/cache-version';
import { Skill } from '../../models/skill';
import { University } from '../../models/university';
import { allocatorsIdle } from '../../server/services/allocation/allocator';
import { toActor } from '../../server/services/accounts/auth';
import { applyToCourse } from '../../server/services/applications/apply';
import { checkData, type RepairMode, type RunReport } from '../../server/services/integrity/run';
import { make, type CourseSpec } from './factories';

/**
 * Helpers for the data check's tests (test/services/integrity/): consistent data made through the
 * services, then drift written straight to the database, as a crash or a bug would leave it.
 */

/** Empties every collection but the partner universities, skills and cache versions: each test starts from nothing. */
export async function emptyButUniversities(): Promise<void> {
  const kept = new Set([University, Skill, CacheVersion].map((m) => m.collection.collectionName));
  for (const collection of await mongoose.connection.db!.collections())
    if (!kept.has(collection.collectionName)) await collection.deleteMany({});
}

/** A published course of `capacity` seats with one application per trainee made through the services, in order. */
export async function courseWithApplications(applicants: number, spec: CourseSpec = {}) {
  const course = await make.course({ capacity: 2, ...spec });
  const trainees = [];
  const applied = [];
  for (let i = 0; i < applicants; i++) {
    const trainee = await make.trainee();
    trainees.push(trainee);
    applied.push(await applyToCourse(toActor(trainee), String(course._id)));
  }
  // The allocator's run, and the copies that follow its answers, go on a moment after the last
  // answer: drift written before they end would meet them.
  await allocatorsIdle();
  await copiesSettled();
  return { course, trainees, applied };
}

/** What every check finds now, as `[check] text` lines. */
export async function differences(only?: string[]): Promise<string[]> {
  const report = await checkData({ repair: 'none', by: 'data_check', only });
  if (report.failures.length) throw new Error(`checks failed: ${JSON.stringify(report.failures)}`);
  return report.findings.map((f) => `[${f.difference.check}] ${f.difference.text}`);
}

/** A run of every check that repairs (all that have a repair, as `--repair` does, unless told 'safe'). */
export async function repairRun(repair: RepairMode = 'all'): Promise<RunReport> {
  const report = await checkData({ repair, by: repair === 'all' ? 'data_check' : 'data_check_job' });
  if (report.failures.length) throw new Error(`checks failed: ${JSON.stringify(report.failures)}`);
  return report;
}

/** The outcome of each finding of a run, as `check: outcome` (with the reason when not repaired). */
export function outcomes(report: RunReport): string[] {
  return report.findings.map(({ difference, outcome }) =>
    outcome.kind === 'not-repaired'
      ? `${difference.check}: not repaired (${outcome.why})`
      : `${difference.check}: ${outcome.kind}`,
  );
}

/** The checks named by the `data.repair` audit events, in the order they were written. */
export async function repairAudits(): Promise<string[]> {
  const events = await AuditEvent.find({ action: 'data.repair' }).sort({ at: 1 }).lean();
  return events.map((e) => String((e.meta as { check?: string } | undefined)?.check));
}
