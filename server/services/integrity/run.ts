import { allocatorsIdle } from '../allocation/allocator';
import { recordAudit } from '../audit/record';
import { copiesSettled } from '../copies/changes';
import { allChecks } from './checks';
import { Reads } from './reads';
import { NotRepaired, type Check, type Difference } from './types';

/** What a run repairs: nothing, what is safe without a person (the periodic job), or everything that has a repair (`--repair`). */
export type RepairMode = 'none' | 'safe' | 'all';

/** Who ran the check, as the audit events of its repairs say (`audit.reasons.<reason>`). */
export type RunBy = 'data_check' | 'data_check_job';

export type Outcome =
  /** Reported only: the run repairs nothing, or there is no repair for it. */
  | { kind: 'found' }
  /** The periodic job leaves it to a person (`--repair`). */
  | { kind: 'not-safe' }
  | { kind: 'repaired' }
  | { kind: 'not-repaired'; why: string }
  | { kind: 'failed'; error: string };

export interface Finding {
  difference: Difference;
  outcome: Outcome;
}

export interface CheckFailure {
  check: string;
  error: string;
}

export interface RunReport {
  checks: number;
  findings: Finding[];
  /** Checks that could not look (an error reading): the data was not compared there. */
  failures: CheckFailure[];
}

export interface RunOptions {
  repair: RepairMode;
  by: RunBy;
  /** Only the checks with these names. */
  only?: readonly string[];
  /** Each difference as soon as it is known (and, when repairing, its outcome). */
  onFinding?(finding: Finding): void;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * This process's own work in flight has ended: its allocation runs, and the copies that follow
 * their answers (held back until a run ends, copies/changes.ts). A copy still owed to an answer
 * already given is work in progress, not a difference.
 */
async function ownWorkSettled(): Promise<void> {
  await allocatorsIdle();
  await copiesSettled();
}

/** Repairs one difference with the check's repair and audits what it did. */
async function repairOne(check: Check, difference: Difference, by: RunBy): Promise<Outcome> {
  try {
    await check.repair!(difference);
    // What the repair set going (an allocation run it asked for, copies that follow it) is part of
    // it: the next checks read the data as the whole repair left it.
    await ownWorkSettled();
  } catch (err) {
    if (err instanceof NotRepaired) return { kind: 'not-repaired', why: err.message };
    return { kind: 'failed', error: message(err) };
  }
  await recordAudit({
    actor: null,
    action: 'data.repair',
    target: difference.target,
    university: difference.university,
    meta: { check: difference.check, found: difference.text, reason: by },
  });
  return { kind: 'repaired' };
}

/**
 * Runs the checks in order (checks.ts), each reading what it needs once, and repairs what `repair`
 * allows as it goes: a check after a repair reads the data as the repair left it. A check that
 * fails to read is reported and the others still run.
 */
export async function checkData(options: RunOptions): Promise<RunReport> {
  await ownWorkSettled();
  const reads = new Reads();
  const checks = allChecks(reads).filter((c) => !options.only || options.only.includes(c.name));
  const report: RunReport = { checks: checks.length, findings: [], failures: [] };
  for (const check of checks) {
    let differences: Difference[];
    try {
      differences = await check.find();
    } catch (err) {
      report.failures.push({ check: check.name, error: message(err) });
      continue;
    }
    let changed = false;
    for (const difference of differences) {
      let outcome: Outcome = { kind: 'found' };
      if (options.repair !== 'none' && check.repair) {
        if (options.repair === 'safe' && !check.safe) outcome = { kind: 'not-safe' };
        else outcome = await repairOne(check, difference, options.by);
      }
      changed ||= outcome.kind !== 'found' && outcome.kind !== 'not-safe';
      const finding = { difference, outcome };
      report.findings.push(finding);
      options.onFinding?.(finding);
    }
    if (changed) reads.forget();
  }
  return report;
}

/** The names of the checks, with what each compares, in the order they run. */
export function checkList(): { name: string; description: string; safe: boolean; repairs: boolean }[] {
  return allChecks(new Reads()).map((c) => ({
    name: c.name,
    description: c.description,
    safe: c.safe,
    repairs: !!c.repair,
  }));
}

/** One finding in words: the difference, then what became of it. */
export function findingText({ difference, outcome }: Finding): string {
  const what = `[${difference.check}] ${difference.text}`;
  switch (outcome.kind) {
    case 'found':
      return what;
    case 'not-safe':
      return `${what} — left for a person (npm run check-data -- --repair)`;
    case 'repaired':
      return `${what} — repaired`;
    case 'not-repaired':
      return `${what} — not repaired: ${outcome.why}`;
    case 'failed':
      return `${what} — repair failed: ${outcome.error}`;
  }
}
