import type { Logger } from '../logger';
import { checkData, findingText } from '../services/integrity/run';
import type { Job } from './runner';

/** How often the data is checked across all instances. */
export const checkDataPeriodMs = 10 * 60_000;

/**
 * The periodic twin of `npm run check-data` (DESIGN.md, "Drift is found and repaired"): once per
 * ten minutes across all instances it runs every check of server/services/integrity/, logs each
 * difference, and repairs only the checks marked safe; the others wait for a person to run the
 * CLI with `--repair`. A clean run logs one line at info level.
 */
export function checkDataJob(logger: Logger): Job {
  return {
    name: 'check-data',
    periodMs: checkDataPeriodMs,
    async run() {
      const began = Date.now();
      const report = await checkData({
        repair: 'safe',
        by: 'data_check_job',
        onFinding: (finding) =>
          logger.warn(
            {
              job: 'check-data',
              check: finding.difference.check,
              course: finding.difference.course && String(finding.difference.course),
              outcome: finding.outcome.kind,
            },
            findingText(finding),
          ),
      });
      for (const failure of report.failures)
        logger.error({ job: 'check-data', check: failure.check, err: failure.error }, 'a data check could not run');
      const repaired = report.findings.filter((f) => f.outcome.kind === 'repaired').length;
      logger.info(
        {
          job: 'check-data',
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
