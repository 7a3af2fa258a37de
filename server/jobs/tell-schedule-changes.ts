import { tellDueScheduleChanges } from '../services/notifications/schedule-change';
import type { Job } from './runner';

/** Tells the schedule changes whose edits have settled, once a minute on one instance (notifications/schedule-change.ts). */
export const tellScheduleChanges: Job = {
  name: 'tell-schedule-changes',
  periodMs: 60_000,
  async run() {
    await tellDueScheduleChanges();
  },
};
