import { certificateCheck } from './certificates';
import {
  attendanceSheetsCheck,
  courseFiguresCheck,
  courseRostersCheck,
  rosterTraineesCheck,
  traineeFactsCheck,
} from './copies';
import { historyCheck } from './history-check';
import { staleIntents } from './intents';
import { staleMarks } from './marks';
import type { Reads } from './reads';
import { enrollmentWithoutSeat, seatCount, seatWithoutEnrollment } from './seats-check';
import type { Check } from './types';
import { waitlistCheck } from './waitlist-check';

/**
 * Every check, in the order a repairing run takes them: unfinished work is finished first, lost
 * history steps are applied next (a status decides which places an enrollment holds), then the
 * places: enrollments get their missing seats before a freed seat goes to the waitlist, and the
 * count sums up what is left; then certificates, and the copies last, since the repairs
 * before them change the facts they are copied from (the figures last of all: they are computed
 * from the trainees' stored facts; the packed rosters after the roster rows and sheets they are
 * computed from).
 */
/**
 * The checks the periodic job runs every ten minutes: each reads only a small collection of open
 * work (and what it names), so they cost next to nothing on a programme of any size. The rest read
 * whole collections and run daily (server/jobs/check-data.ts), and in full by `npm run check-data`.
 */
export const frequentChecks = ['stale-intents', 'stale-copies'] as const;

export function allChecks(reads: Reads): Check[] {
  return [
    staleIntents(reads),
    staleMarks(),
    historyCheck(reads),
    enrollmentWithoutSeat(reads),
    seatWithoutEnrollment(reads),
    seatCount(reads),
    waitlistCheck(reads),
    certificateCheck(reads),
    rosterTraineesCheck(reads),
    traineeFactsCheck(reads),
    courseFiguresCheck(reads),
    attendanceSheetsCheck(reads),
    courseRostersCheck(reads),
  ];
}
