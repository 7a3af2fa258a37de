import type { Logger } from '../logger';
import { frequentChecks } from '../services/integrity/checks';
import { checkData, findingText } from '../services/integrity/run';
import type { Job } from './runner';

/** How often the open work (intents, changes recorded ahead) is checked across all instances. */
export const checkDataPeriodMs = 10 * 60_000;
/** How often every check runs, whole collections read (46 s on a generated five-year programme). */
export const fullCheckDataPeriodMs = 24 * 3600_000;

/** One periodic run of the checks named (all when none are), logging each difference and repairing the safe ones. */
function dataCheck(name: string, periodMs: number, logger: Logger, only?: readonly string[]): Job {
  return {
    name,
    periodMs,
    async run() {
      const began = Date.now();
      const report = await checkData({
        repair: 'safe',
        by: 'data_check_job',
        only,
        onFinding: (finding) =>
          logger.warn(
            {
              job: name,
              check: finding.difference.check,
              course: finding.difference.course && String(finding.difference.course),
              outcome: finding.outcome.kind,
            },
            findingText(finding),
          ),
      });
      for (const failure of report.failures)
        logger.error({ job: name, check: failure.check, err: failure.error }, 'a data check could not run');
      const repaired = report.findings.filter((f) => f.outcome.kind === 'repaired').length;
      logger.info(
        {
          job: name,
          checks: report.checks,
          differences: report.findings.length,
          repaired,
          failed: report.failures.length,
          ms: Date.now() - began,
        },
        report.findings.length ? 'data checked: differences found' : 'data checked: no differences',
      );
    },
  };
}

/**
 * The periodic twin of `npm run check-data` (DESIGN.md, "Drift is found and repaired"), in two
 * jobs, each run once per period across all instances: every ten minutes the checks of open work
 * (integrity/checks.ts `frequentChecks`), which read only small collections; once a day every
 * check, which reads whole collections. Both log each difference and repair only the checks marked
 * safe; the others wait for a person to run the CLI with `--repair`. A clean run logs one line at
 * info level. Crashes are finished within a minute by the resume pass, so the daily run is the net
 * under it, not the way copies catch up.
 */
export function checkDataJob(logger: Logger): Job {
  return dataCheck('check-data', checkDataPeriodMs, logger, frequentChecks);
}

export function fullCheckDataJob(logger: Logger): Job {
  return dataCheck('check-data-full', fullCheckDataPeriodMs, logger);
}
