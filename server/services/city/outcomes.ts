import { Course } from '../../../models/course';
import { employmentStatuses, OutcomeAnswer, outcomeSectors, relevanceScale } from '../../../models/outcome-answer';
import { outcomeRounds } from '../../../models/outcome-due';
import { OutcomeRequest } from '../../../models/outcome-request';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { findByIds, idsOf } from '../../lib/find-by-ids';
import { listUniversities } from '../courses/universities';
import { minimumCell, suppressedCells, type CellGroup, type PublishedCount } from './disclosure';

export interface AskedRound {
  round: number;
  university: string;
}

export interface AnsweredRound extends AskedRound {
  employment: string;
  sector?: string | null;
  inPohang?: boolean | null;
  relevance: number;
}

const rounds = outcomeRounds.map(String);
const roundsAndAll = [...rounds, 'all'];
const pohangValues = ['yes', 'no'];
const relevanceValues = relevanceScale.map(String);

/** The counted cells and the groups that tie them (see disclosure.ts), before suppression. */
function countCells(asked: readonly AskedRound[], answered: readonly AnsweredRound[], universities: readonly string[]) {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const groups: CellGroup[] = [];
  for (const r of roundsAndAll) counts.set(`asked:${r}`, 0).set(`answered:${r}`, 0);
  for (const a of asked) {
    add(`asked:${a.round}`);
    add('asked:all');
    add(`asked:u:${a.university}`);
  }
  for (const a of answered) {
    const r = String(a.round);
    add(`answered:${r}`);
    add('answered:all');
    add(`answered:u:${a.university}`);
    add(`employment:${r}:${a.employment}`);
    add(`relevance:${r}:${a.relevance}`);
    if (a.employment === 'employed') {
      if (a.sector) add(`sector:${r}:${a.sector}`);
      add(`pohang:${r}:${a.inPohang ? 'yes' : 'no'}`);
    }
  }
  // Half of each asked/answered pair is never shown but is as good as published: asked − answered.
  const complement = (suffix: string) =>
    counts.set(`unanswered:${suffix}`, (counts.get(`asked:${suffix}`) ?? 0) - (counts.get(`answered:${suffix}`) ?? 0));
  for (const r of roundsAndAll) complement(r);
  for (const u of universities) complement(`u:${u}`);
  for (const suffix of [...roundsAndAll, ...universities.map((u) => `u:${u}`)])
    groups.push({ total: `asked:${suffix}`, parts: [`answered:${suffix}`, `unanswered:${suffix}`] });
  for (const part of ['asked', 'answered', 'unanswered']) {
    groups.push({ total: `${part}:all`, parts: rounds.map((r) => `${part}:${r}`) });
    groups.push({ total: `${part}:all`, parts: universities.map((u) => `${part}:u:${u}`) });
  }
  for (const r of rounds) {
    const employed = `employment:${r}:employed`;
    groups.push({ total: `answered:${r}`, parts: employmentStatuses.map((s) => `employment:${r}:${s}`) });
    groups.push({ total: `answered:${r}`, parts: relevanceValues.map((v) => `relevance:${r}:${v}`) });
    groups.push({ total: employed, parts: outcomeSectors.map((s) => `sector:${r}:${s}`) });
    groups.push({ total: employed, parts: pohangValues.map((v) => `pohang:${r}:${v}`) });
  }
  return { counts, groups };
}

/**
 * The city's outcome tables from the rounds asked and answered, with the minimum-cell rule
 * applied: a suppressed cell is null, and so is a rate whose numerator or denominator is.
 * Distributions are per round (3 and 6 months), since one trainee may answer both.
 */
export function outcomeTables(
  asked: readonly AskedRound[],
  answered: readonly AnsweredRound[],
  universities: readonly string[],
) {
  const { counts, groups } = countCells(asked, answered, universities);
  const hidden = suppressedCells(counts, groups);
  const cell = (key: string): PublishedCount => (hidden.has(key) ? null : (counts.get(key) ?? 0));
  const rate = (part: PublishedCount, whole: PublishedCount) =>
    part === null || whole === null || whole === 0 ? null : part / whole;
  const distribution = (name: string, values: readonly string[], total: (r: string) => string) => ({
    rows: values.map((value) => ({ value, byRound: rounds.map((r) => cell(`${name}:${r}:${value}`)) })),
    totals: rounds.map((r) => cell(total(r))),
  });
  const response = (suffix: string) => {
    const [askedCount, answeredCount] = [cell(`asked:${suffix}`), cell(`answered:${suffix}`)];
    return { asked: askedCount, answered: answeredCount, rate: rate(answeredCount, askedCount) };
  };
  return {
    rounds: outcomeRounds,
    responses: roundsAndAll.map((r) => ({ round: r, ...response(r) })),
    employment: distribution('employment', employmentStatuses, (r) => `answered:${r}`),
    sector: distribution('sector', outcomeSectors, (r) => `employment:${r}:employed`),
    pohang: distribution('pohang', pohangValues, (r) => `employment:${r}:employed`),
    relevance: distribution('relevance', relevanceValues, (r) => `answered:${r}`),
    universities: universities
      .filter((u) => (counts.get(`asked:u:${u}`) ?? 0) > 0)
      .map((u) => ({ university: u, ...response(`u:${u}`) })),
    suppressed: hidden.size,
  };
}

/** What the outcome tables are made of, with each person's consent looked up once so that a page is consistent. */
async function outcomeFacts() {
  const [requests, answers, universities] = await Promise.all([
    OutcomeRequest.find({}, { round: 1, university: 1, trainee: 1 }).lean(),
    OutcomeAnswer.find({}).lean(),
    listUniversities(),
  ]);
  const codeOf = new Map(universities.map((u) => [String(u._id), u.code]));
  const code = (id: unknown) => codeOf.get(String(id)) ?? 'unknown';
  const people = await findByIds(User, [...idsOf(requests, 'trainee'), ...idsOf(answers, 'trainee')], {
    name: 1,
    trainee: 1,
  });
  const nameOf = (trainee: unknown): string | undefined => {
    const person = people.get(String(trainee));
    return person?.trainee?.namedReportingConsent ? person.name : undefined;
  };
  return { requests, answers, universities, code, nameOf };
}

/**
 * The tables over the respondents who are not named (see cityOutcomesView), of one university
 * (its code) or of all: only aggregates under the minimum-cell rule, for the read API.
 */
function unnamedTables(facts: Awaited<ReturnType<typeof outcomeFacts>>, university?: string) {
  const { requests, answers, universities, code, nameOf } = facts;
  const counted = <T extends { trainee: unknown; university: unknown }>(rows: readonly T[]) =>
    rows.filter((r) => nameOf(r.trainee) === undefined && (!university || code(r.university) === university));
  return outcomeTables(
    counted(requests).map((r) => ({ round: r.round, university: code(r.university) })),
    counted(answers).map((a) => ({ ...a, university: code(a.university) })),
    universities.map((u) => u.code).filter((u) => !university || u === university),
  );
}

/** The outcome tables of the unnamed respondents, of one university (its code) or of the programme. */
export async function unnamedOutcomeTables(actor: Actor, university?: string) {
  assertCanOnProgramme(actor, 'figures:read');
  return { ...unnamedTables(await outcomeFacts(), university), minimumCell };
}

/**
 * /city/outcomes in two parts that share no one, so that nothing on the page can be combined to
 * work out an answer of a respondent who did not consent to be named:
 * - the tables count only the unnamed: those asked and their answers, of trainees who do not
 *   consent to named reporting now, under the minimum-cell rule;
 * - beside them, the answers by name of those who do consent (a disclosure they agreed to),
 *   counted in no table, so no named row can be subtracted from a total.
 * Both parts are read from one look-up of each person's consent, so a page is consistent.
 */
export async function cityOutcomesView(actor: Actor) {
  assertCanOnProgramme(actor, 'figures:read');
  const facts = await outcomeFacts();
  const { answers, universities, code, nameOf } = facts;
  const tables = unnamedTables(facts);
  const named = answers
    .flatMap((a) => {
      const name = nameOf(a.trainee);
      return name === undefined ? [] : [{ ...a, name, university: code(a.university) }];
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'ko') || a.round - b.round);
  const courses = await findByIds(Course, idsOf(named, 'course'), { title: 1, code: 1 });
  const universityNames = new Map(universities.map((u) => [u.code, u.name]));
  return {
    tables: {
      ...tables,
      universities: tables.universities.map((row) => ({ ...row, name: universityNames.get(row.university) })),
    },
    named: named.map((a) => ({
      ...a,
      universityName: universityNames.get(a.university),
      course: courses.get(String(a.course)),
    })),
    minimumCell,
  };
}
