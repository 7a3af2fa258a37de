import type { Prng } from '../../bench/prng';
import { employmentStatuses, outcomeSectors } from '../../models/outcome-answer';
import type { AnsweredRound, AskedRound } from '../../server/services/city/outcomes';

/** A generated follow-up: `n` people asked, each answering with probability `answerRate`. */
export function generatedFollowUp(rng: Prng, universities: string[], n: number, answerRate: number) {
  const asked: AskedRound[] = [];
  const answered: AnsweredRound[] = [];
  for (let i = 0; i < n; i++) {
    const round = rng.pick([3, 6]);
    const university = rng.pick(universities);
    asked.push({ round, university });
    if (!rng.chance(answerRate)) continue;
    const employment = rng.pick(employmentStatuses);
    const employed = employment === 'employed';
    answered.push({
      round,
      university,
      employment,
      sector: employed ? rng.pick(outcomeSectors) : undefined,
      inPohang: employed ? rng.chance(0.5) : undefined,
      relevance: rng.int(1, 5),
    });
  }
  return { asked, answered };
}
