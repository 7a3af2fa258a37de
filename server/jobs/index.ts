import type { Logger } from '../logger';
import { startJobs, type JobRunner } from './runner';
import { askOutcomes } from './ask-outcomes';
import { auditTokenUses } from './audit-token-uses';
import { checkDataJob, fullCheckDataJob } from './check-data';
import { expireInactive } from './expire-inactive';
import { resumeIntents } from './resume-intents';
import { sweepExpired } from './sweep-expired';
import { tellScheduleChanges } from './tell-schedule-changes';

/** The app's periodic jobs, each run by one instance per period (see runner.ts). */
export function startAppJobs(logger: Logger, retentionDays: number): JobRunner {
  return startJobs(
    [
      resumeIntents,
      sweepExpired,
      askOutcomes,
      auditTokenUses,
      tellScheduleChanges,
      expireInactive(retentionDays),
      checkDataJob(logger),
      fullCheckDataJob(logger),
    ],
    { logger },
  );
}
