import { Enrollment } from '../../models/enrollment';
import { OutcomeAnswer, type employmentStatuses } from '../../models/outcome-answer';
import { OutcomeDue } from '../../models/outcome-due';
import { OutcomeRequest } from '../../models/outcome-request';
import { User } from '../../models/user';
import { wroteFirst } from '../lib/duplicate-key';
import { findByIds, idsOf } from '../lib/find-by-ids';

type Answer = {
  employment: (typeof employmentStatuses)[number];
  sector?: 'battery' | 'manufacturing' | 'other';
  inPohang?: boolean;
  relevance: number;
};

/** Ten plausible answers, cycled: most are working (largely in Pohang's battery firms), some are still looking, one did not answer. */
const pattern: (Answer | null)[] = [
  { employment: 'employed', sector: 'battery', inPohang: true, relevance: 5 },
  { employment: 'employed', sector: 'battery', inPohang: true, relevance: 4 },
  { employment: 'seeking', relevance: 3 },
  { employment: 'employed', sector: 'battery', inPohang: false, relevance: 4 },
  { employment: 'employed', sector: 'manufacturing', inPohang: true, relevance: 3 },
  { employment: 'in_training', relevance: 4 },
  { employment: 'employed', sector: 'battery', inPohang: true, relevance: 5 },
  null,
  { employment: 'seeking', relevance: 2 },
  { employment: 'employed', sector: 'other', inPohang: true, relevance: 3 },
];

/**
 * Demo follow-up for the finished demo courses: every completion of a trainee who consents to the
 * follow-up is taken as asked at 3 months (its due is spent), and answered after the pattern above.
 * Returns the number of answers. Safe to run twice.
 */
export async function seedOutcomes(now = new Date()): Promise<number> {
  const completed = (await Enrollment.find({ status: 'completed' }).lean()).sort((a, b) =>
    String(a._id).localeCompare(String(b._id)),
  );
  const trainees = await findByIds(User, idsOf(completed, 'trainee'), { trainee: 1 });
  const asked = completed.filter((e) => trainees.get(String(e.trainee))?.trainee?.followUp?.given);
  const rounds = asked.map((e) => ({
    enrollment: e._id,
    trainee: e.trainee,
    course: e.course,
    university: e.university,
    round: 3,
  }));
  const answers = rounds.flatMap((round, i) => {
    const answer = pattern[i % pattern.length];
    return answer ? [{ ...round, ...answer, answeredAt: now }] : [];
  });
  await insertNew(
    OutcomeRequest,
    rounds.map((round) => ({ ...round, askedAt: now })),
  );
  await insertNew(OutcomeAnswer, answers);
  await Promise.all(asked.map((e) => OutcomeDue.deleteOne({ enrollment: e._id, round: 3 })));
  return answers.length;
}

/** Inserts what is not there yet: a second run meets the unique (enrollment, round) indexes. */
async function insertNew(
  model: { insertMany(docs: object[], options: { ordered: false }): Promise<unknown> },
  docs: object[],
) {
  if (docs.length === 0) return;
  await wroteFirst(model.insertMany(docs, { ordered: false }));
}
