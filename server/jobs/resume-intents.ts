import { resumeOpenIntents } from '../services/allocation/resume';
import type { Job } from './runner';

/**
 * Resumes undecided actions every minute on one instance (each instance also does so once at
 * start, server/index.ts, whoever holds this minute's claim): see allocation/resume.ts.
 */
export const resumeIntents: Job = {
  name: 'resume-intents',
  periodMs: 60_000,
  async run() {
    await resumeOpenIntents();
  },
};
