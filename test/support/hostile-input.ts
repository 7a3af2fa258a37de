import assert from 'node:assert/strict';
import type { Express } from 'express';
import type request from 'supertest';
import { Attendance } from '../../models/attendance';
import { AuditEvent } from '../../models/audit-event';
import { Certificate } from '../../models/certificate';
import { CompletionReport } from '../../models/completion-report';
import { bySessionStart, Course } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { PasswordToken } from '../../models/password-token';
import { PendingRegistration } from '../../models/pending-registration';
import { ReportReview } from '../../models/report-review';
import { User } from '../../models/user';
import { loginAgent } from './agents';
import { errorSummaryProblems } from './error-summary';
import { days, make } from './factories';
import { html } from './html';

/**
 * Hostile input, shared by the suites beside the routes they attack (test/routes/hostile-input.test.ts,
 * test/routes/{me,manage,city}/hostile-input.test.ts): the values a person or a script could post,
 * what the page must say about each, and the check that a refused form wrote nothing.
 */

/** A value a person or a script could post, and what the page must say about it. */
export interface Case {
  label: string;
  value: unknown;
  says: string | RegExp;
}

/** Values of an API query parameter that no operation accepts: each must get 400 problem+json, never a 500. */
export const hostileQueryValues = [
  '<script>alert(1)</script>',
  'x'.repeat(5_000),
  '{"$ne":null}',
  '-1',
  '1e999',
  '%00',
  'ㅇ'.repeat(300),
];

export const required = '필수 입력 항목입니다.';
export const invalid = '올바른 값이 아닙니다.';
export const tooLong = (max: number) => `${max}자 이내로 입력해 주세요.`;
export const character = (codePoint: string) => new RegExp(`쓸 수 없는 문자\\(U\\+${codePoint}\\)`);

/** Hostile values for a one-line text field of at most `max` characters. */
export function hostileText(max: number, { optional = false } = {}): Case[] {
  return [
    ...(optional
      ? []
      : [
          { label: 'missing', value: undefined, says: required },
          { label: 'blank', value: ' \u3000 ', says: required },
        ]),
    { label: 'one character too many', value: 'a'.repeat(max + 1), says: tooLong(max) },
    { label: 'one emoji too many', value: '😀'.repeat(max + 1), says: tooLong(max) },
    { label: 'one family emoji too many', value: '👨‍👩‍👧'.repeat(max + 1), says: tooLong(max) },
    {
      label: 'one decomposed Hangul syllable too many',
      value: '한'.normalize('NFD').repeat(max + 1),
      says: tooLong(max),
    },
    { label: 'one accented letter (two code points) too many', value: 'e\u0301'.repeat(max + 1), says: tooLong(max) },
    {
      label: 'a character stacking combining marks',
      value: `x${'\u0316\u0317\u0318\u0319\u031A'.repeat(3)}`,
      says: /결합 기호가 너무 많이/,
    },
    { label: 'a C0 control character', value: 'a\u0001b', says: character('0001') },
    { label: 'a C1 control character', value: 'a\u0085b', says: character('0085') },
    { label: 'a right-to-left override', value: '홍길동\u202Efdp.exe', says: character('202E') },
    { label: 'a bidi isolate', value: 'a\u2066b\u2069', says: character('2066') },
    { label: 'a zero-width space', value: 'a\u200Bb', says: character('200B') },
    { label: 'a Hangul filler (a blank-looking name)', value: '\u3164', says: character('3164') },
    { label: 'a line break in a one-line field', value: 'a\r\nb', says: character('000D') },
    { label: 'tag characters (hidden text)', value: 'a\u{E0069}\u{E0067}', says: character('E0069') },
    { label: 'a repeated field (an array)', value: ['a', 'b'], says: invalid },
    { label: 'a nested field (name[x]=y)', value: { x: 'y' }, says: invalid },
  ];
}

/** Hostile values for a multi-line text field: line breaks and tabs are fine, the rest is refused. */
export function hostileMultilineText(max: number): Case[] {
  return hostileText(max, { optional: true }).filter((c) => !c.label.startsWith('a line break'));
}

export const malformedDays: Case[] = [
  { label: 'month and day out of range', value: '2027-99-99', says: '달력에 없는 날짜입니다: 2027-99-99' },
  { label: 'year, month and day zero', value: '0000-00-00', says: '달력에 없는 날짜입니다: 0000-00-00' },
  { label: 'February 30', value: '2027-02-30', says: '달력에 없는 날짜입니다: 2027-02-30' },
  { label: 'February 29 of a common year', value: '2027-02-29', says: '달력에 없는 날짜입니다: 2027-02-29' },
  { label: 'month 13', value: '2027-13-01', says: '달력에 없는 날짜입니다: 2027-13-01' },
  { label: 'year 0000', value: '0000-01-01', says: '2000년부터 2099년 사이의 날짜를 입력해 주세요.' },
  { label: 'not a date', value: 'tomorrow', says: '날짜를 YYYY-MM-DD 형식으로 입력해 주세요.' },
];

/** `base` with `field` set to `value`, or left out when `value` is undefined. */
export function bodyWith(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  return Object.fromEntries([
    ...Object.entries(base).filter(([k]) => k !== field),
    ...(value === undefined ? [] : [[field, value]]),
  ]);
}

/** What any refused input may change: nothing. */
export async function everyCount() {
  const models = {
    User,
    PendingRegistration,
    Course,
    Enrollment,
    Attendance,
    Certificate,
    CompletionReport,
    ReportReview,
    PasswordToken,
    AuditEvent,
  } as const;
  const counts = await Promise.all(Object.values(models).map((m) => (m as typeof User).countDocuments()));
  return Object.fromEntries(Object.keys(models).map((name, i) => [name, counts[i]]));
}

/** What went wrong so far in a test: every case is tried, then all are reported together. */
let problems: string[] = [];

/** The answer is a 4xx page (never a 500) showing `says` where `where` points, its error summary linked to the fields. */
export function assertRefused(res: request.Response, where: string, says: string | RegExp, label: string) {
  if (res.status < 400 || res.status >= 500) {
    problems.push(`${label}: answered ${res.status}`);
    return;
  }
  const shown = html(res.text)(where).text().trim();
  const said = typeof says === 'string' ? shown.includes(says) : says.test(shown);
  if (!said) problems.push(`${label}: ${where} says "${shown.slice(0, 80)}", not ${String(says)}`);
  problems.push(...errorSummaryProblems(res.text).map((problem) => `${label}: ${problem}`));
}

/** Notes a problem of the current test, reported with the others by `assertAllRefused`. */
export function noteProblem(problem: string): void {
  problems.push(problem);
}

export function assertAllRefused() {
  const found = problems;
  problems = [];
  assert.deepEqual(found, []);
}

/** The accounts and the course every hostile-input suite posts with (a closed course with two enrollments). */
export async function hostileFixture(app: Express) {
  const staff = await loginAgent(app, (await make.staff('postech')).email);
  const city = await loginAgent(app, (await make.cityStaff()).email);
  const trainee = await make.trainee({ name: '김교육', consent: true });
  const traineeAgent = await loginAgent(app, trainee.email);
  const course = await make.course({ status: 'closed', days: days('2026-08-10', 3), code: 'HOST-1' });
  const enrollments = [await make.enrollment(course, trainee), await make.enrollment(course, await make.trainee())];
  const enrollmentIds = enrollments.map((e) => String(e._id));
  const sessionIds = [...course.sessions].sort(bySessionStart).map((s) => String(s._id));
  return { staff, city, trainee, traineeAgent, course, enrollmentIds, sessionIds };
}

export type HostileFixture = Awaited<ReturnType<typeof hostileFixture>>;
