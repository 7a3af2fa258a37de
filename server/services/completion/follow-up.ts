import type { Types } from 'mongoose';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { OutcomeAnswer, type employmentStatuses, type outcomeSectors } from '../../../models/outcome-answer';
import { OutcomeDue, outcomeRounds, type OutcomeRound } from '../../../models/outcome-due';
import { OutcomeRequest, outcomeRequestsCacheKey } from '../../../models/outcome-request';
import { readCacheVersion } from '../../../models/cache-version';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { FormError, NotFoundError } from '../../errors';
import { addMonths, seoulDayOf } from '../../lib/calendar';
import { isDuplicateKey, wroteFirst } from '../../lib/duplicate-key';
import { findByIds, idsOf } from '../../lib/find-by-ids';
import { heldPerKey } from '../../lib/held-per-key';
import { objectIdOr404 } from '../../lib/ids';
import { recordAudit } from '../audit/record';
import { notify } from '../notifications/notices';
import { flatten } from '../../lib/bilingual';
import { coursesByIds } from '../course-base/catalog-snapshot';

type Id = Types.ObjectId | string;

/** A follow-up answer as the form hands it over (server/forms/outcome.ts): sector and place only for someone employed. */
export type OutcomeInput =
  | {
      employment: (typeof employmentStatuses)[number];
      sector: (typeof outcomeSectors)[number] | undefined;
      inPohang: boolean;
      relevance: number;
    }
  | { employment: (typeof employmentStatuses)[number]; relevance: number };

/**
 * Writes the follow-up rounds of completions decided on `completedAt`: due 3 and 6 months later
 * (Seoul calendar). A round already written (a completion decided again) is kept as it is.
 */
export async function scheduleFollowUps(completions: { enrollment: Id; trainee: Id }[], completedAt: Date) {
  const day = seoulDayOf(completedAt);
  const dues = completions.flatMap((c) =>
    outcomeRounds.map((round) => ({ ...c, round, dueDay: addMonths(day, round) })),
  );
  if (dues.length === 0) return;
  await wroteFirst(OutcomeDue.insertMany(dues, { ordered: false }));
}

const followUpPath = (enrollment: Id, round: number) => `/me/outcomes/${String(enrollment)}/${round}`;

/**
 * Asks the trainees whose rounds are due on `day` (an indexed equality on `dueDay`): each one who
 * still consents to follow-up and whose completion stands gets a notice and an email, once — the
 * unique (enrollment, round) request insert decides, so a day visited twice, by two runs or two
 * instances, asks nobody twice. Every due of the day is then removed. Returns how many were asked.
 */
export async function askDueFollowUps(day: string, now: Date): Promise<number> {
  const dues = await OutcomeDue.find({ dueDay: day }).lean();
  if (dues.length === 0) return 0;
  const [users, enrollments] = await Promise.all([
    findByIds(User, idsOf(dues, 'trainee'), { active: 1, trainee: 1 }),
    findByIds(Enrollment, idsOf(dues, 'enrollment'), { status: 1, course: 1, university: 1 }),
  ]);
  const courses = await findByIds(Course, idsOf([...enrollments.values()], 'course'), { title: 1 });
  let asked = 0;
  for (const due of dues) {
    const user = users.get(String(due.trainee));
    const enrollment = enrollments.get(String(due.enrollment));
    const course = enrollment && courses.get(String(enrollment.course));
    const stillAsked = user?.active && user.trainee?.followUp?.given && enrollment?.status === 'completed' && course;
    const request = stillAsked && {
      enrollment: enrollment._id,
      trainee: due.trainee,
      course: course._id,
      university: enrollment.university,
      round: due.round,
      askedAt: now,
    };
    if (request && (await wroteFirst(OutcomeRequest.create(request)))) {
      const params = { ...flatten('title', course.title), round: due.round };
      await notify(due.trainee, 'outcomeFollowUp', params, followUpPath(enrollment._id, due.round));
      asked++;
    }
    await OutcomeDue.deleteOne({ _id: due._id });
  }
  await recordAudit({ action: 'outcome.ask', meta: { day, due: dues.length, asked } });
  return asked;
}

/** Trainees whose follow-up requests are held: asked by the daily job only, read on every /me. */
const heldRequests = heldPerKey(
  () => readCacheVersion(outcomeRequestsCacheKey),
  1_000,
  async (trainee) => Object.freeze(await OutcomeRequest.find({ trainee }).lean()),
);

/**
 * The rounds the trainee was asked and has not answered yet, for the card on /me. Most trainees
 * were never asked, so their answers are read only when there is a request to match.
 */
export async function openFollowUps(actor: Actor) {
  const requests = await heldRequests(actor.id);
  if (requests.length === 0) return [];
  const answers = await OutcomeAnswer.find({ trainee: actor.id }, { enrollment: 1, round: 1 }).lean();
  const answered = new Set(answers.map((a) => `${String(a.enrollment)}:${a.round}`));
  const open = requests.filter((r) => !answered.has(`${String(r.enrollment)}:${r.round}`));
  const courses = await coursesByIds(idsOf(open, 'course'));
  return open
    .sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime())
    .map((r) => ({ round: r.round, course: courses.get(String(r.course)), href: followUpPath(r.enrollment, r.round) }));
}

function isRound(value: unknown): value is OutcomeRound {
  return (outcomeRounds as readonly number[]).includes(Number(value));
}

/** The round the trainee was asked, with its course and any answer; anyone else's or an unasked one is 404. */
export async function loadFollowUp(actor: Actor, enrollmentId: string, round: string) {
  const enrollment = objectIdOr404(enrollmentId);
  if (!isRound(round)) throw new NotFoundError();
  const request = await OutcomeRequest.findOne({ enrollment, round: Number(round) }).lean();
  if (!request || String(request.trainee) !== actor.id) throw new NotFoundError();
  const [course, answer] = await Promise.all([
    Course.findById(request.course, { title: 1 }).lean(),
    OutcomeAnswer.findOne({ enrollment, round: request.round }).lean(),
  ]);
  return { request, course, answer };
}

/**
 * Saves the trainee's answer to a round they were asked, while they consent to follow-up. The
 * unique (enrollment, round) index refuses a second answer, also two sent at once.
 */
export async function answerFollowUp(actor: Actor, enrollmentId: string, round: string, input: OutcomeInput) {
  const { request, answer } = await loadFollowUp(actor, enrollmentId, round);
  const alreadyAnswered = new FormError({ _form: 'outcomes.errors.alreadyAnswered' });
  if (answer) throw alreadyAnswered;
  const user = await User.findById(actor.id, { trainee: 1 }).lean();
  if (!user?.trainee?.followUp?.given) throw new FormError({ _form: 'outcomes.errors.noConsent' });
  try {
    await OutcomeAnswer.create({
      enrollment: request.enrollment,
      trainee: request.trainee,
      course: request.course,
      university: request.university,
      round: request.round,
      ...input,
      answeredAt: new Date(),
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw alreadyAnswered;
    throw err;
  }
  await recordAudit({
    actor,
    action: 'outcome.answer',
    target: { type: 'Enrollment', id: request.enrollment },
    university: request.university,
    meta: { round: request.round },
  });
}
