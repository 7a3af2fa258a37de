import type { Logger } from '../logger';
import { startJobs, type JobRunner } from './runner';
import { askOutcomes } from './ask-outcomes';
import { sweepExpired } from './sweep-expired';

/** The app's periodic jobs, each run by one instance per period (see runner.ts). */
export function startAppJobs(logger: Logger): JobRunner {
  return startJobs([sweepExpired, askOutcomes], { logger });
}
