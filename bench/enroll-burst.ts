import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { Course } from '../models/course';
import { Enrollment } from '../models/enrollment';
import { Seat } from '../models/seat';
import { User, traineeCategories } from '../models/user';
import { WaitlistEntry } from '../models/waitlist-entry';
import { benchPassword, type Generated } from './generate';
import { percentile } from './percentile';
import type { ServedProcess } from './served-process';
import { signInMany, viaTls } from './session';
import { seoulDayOf } from '../server/lib/calendar';
import { dayMs } from '../server/lib/clock';

/**
 * One form post on a connection of its own, answering the status code. node:http rather than
 * fetch: a thousand requests at once to one origin stalled in fetch's connection pool.
 */
function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        timeout: timeoutMs,
        headers: {
          ...headers,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export interface BurstFigures {
  applicants: number;
  seats: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  answered: number;
  /** How many requests got each HTTP status (0 = no answer). */
  statuses: Record<string, number>;
  /** Answers other than the 303 a successful application redirects with. */
  non303: number;
  /** Requests that failed or timed out without an answer. */
  unanswered: number;
  seatDocs: number;
  enrolled: number;
  waitlisted: number;
  pending: number;
  waitlistEntries: number;
  overbooked: number;
  signInSeconds: number;
  /** Engine commands the app sent during the burst, per application (command monitoring in the app's process). */
  commandsPerApplication: number;
  /** The most frequent of them, by command and collection. */
  commandKinds: Record<string, number>;
  /** The same with the work that follows the answers (copies refreshed after them), once the app is quiet again. */
  commandsWithFollowUp: number;
  followUpKinds: Record<string, number>;
  check: string;
}

/**
 * The app's command counts once it has sent none for a second (at most a minute): what it does
 * after the answers (copies that follow them) belongs to the applications too. The jobs' own
 * minute work may fall in; the kinds say what it was.
 */
async function quietCommands(app: ServedProcess): Promise<Record<string, number>> {
  const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  let last = await app.commands();
  for (const deadline = performance.now() + 60_000; performance.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = await app.commands();
    if (sum(now) === sum(last)) return now;
    last = now;
  }
  return last;
}

/** A fresh published course, open for application now, starting in a month: four sessions. */
async function burstCourse(data: Generated, seats: number) {
  const start = Date.now() + 30 * dayMs;
  const day = (n: number) => seoulDayOf(start + n * 7 * dayMs);
  return Course.create({
    university: data.burstUniversity.id,
    code: `BURST-${Date.now()}`,
    title: { ko: '인기 과정: 배터리 셀 설계 특강', en: 'Popular course: battery cell design' },
    track: 'cell',
    mode: 'offline',
    sessions: Array.from({ length: 4 }, (_, n) => ({
      date: day(n),
      start: '09:00',
      end: '13:00',
      topic: `세션 ${n + 1}`,
    })),
    capacity: seats,
    enrolmentOpensAt: new Date(Date.now() - dayMs),
    enrolmentClosesAt: new Date(start - 2 * dayMs),
    approvalRequired: false,
    eligibleCategories: [...traineeCategories],
    status: 'published',
    publishedAt: new Date(),
    createdBy: data.burstUniversity.staffId,
  });
}

/**
 * The moment a popular course opens: `applicants` new trainees, each signed in beforehand, apply
 * at once for `seats` seats. Reports each application's latency, and checks afterwards that
 * exactly `seats` were seated and everyone else waits (the course needs no approval).
 */
export async function enrollBurst(
  app: ServedProcess,
  data: Generated,
  applicants: number,
  seats: number,
  timeoutMs = 180_000,
): Promise<BurstFigures> {
  const baseUrl = app.url;
  const course = await burstCourse(data, seats);
  const stamp = Date.now();
  const accounts = Array.from({ length: applicants }, (_, i) => ({
    _id: new Types.ObjectId(),
    email: `applicant${i}-${stamp}@bench.kr`,
    name: `지원자 ${i + 1}`,
    role: 'trainee',
    passwordHash: data.passwordHash,
    trainee: {
      category: traineeCategories[i % traineeCategories.length],
      affiliation: '',
      pohangResident: i % 2 === 0,
    },
  }));
  for (let i = 0; i < accounts.length; i += 1_000)
    await User.insertMany(accounts.slice(i, i + 1_000), { ordered: false });
  const signInStarted = performance.now();
  const sessions = await signInMany(
    baseUrl,
    accounts.map((a) => a.email),
    benchPassword,
  );
  const signInSeconds = (performance.now() - signInStarted) / 1000;

  const latencies: number[] = [];
  const url = `${baseUrl}/courses/${String(course._id)}/enroll`;
  const commandsBefore = await app.commands();
  const started = performance.now();
  const outcomes = await Promise.all(
    sessions.map(async (s) => {
      const t0 = performance.now();
      try {
        const status = await post(
          url,
          { ...viaTls, cookie: s.cookie },
          new URLSearchParams({ _csrf: s.csrf }).toString(),
          timeoutMs,
        );
        latencies.push(performance.now() - t0);
        return status;
      } catch {
        return 0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const since = (before: Record<string, number>, after: Record<string, number>) =>
    Object.entries(after)
      .map(([kind, n]) => [kind, n - (before[kind] ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]);
  const total = (kinds: readonly (readonly [string, number])[]) => kinds.reduce((sum, [, n]) => sum + n, 0);
  const commandsAfter = await app.commands();
  const commandKinds = since(commandsBefore, commandsAfter);
  const commands = total(commandKinds);
  const quiet = await quietCommands(app);
  const followUpKinds = since(commandsAfter, quiet);
  const withFollowUp = total(since(commandsBefore, quiet));
  latencies.sort((a, b) => a - b);
  const count = (status: string) => Enrollment.countDocuments({ course: course._id, status });
  const seatDocs = await Seat.countDocuments({ course: course._id });
  const enrolled = await count('enrolled');
  const waitlisted = await count('waitlisted');
  const pending = await count('pending');
  const waitlistEntries = await WaitlistEntry.countDocuments({ course: course._id });
  const statuses: Record<string, number> = {};
  for (const status of outcomes) statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
  const answered = outcomes.filter((s) => s !== 0).length;
  const non303 = outcomes.filter((s) => s !== 0 && s !== 303).length;
  const ok =
    seatDocs === seats &&
    enrolled === seats &&
    waitlisted === applicants - seats &&
    waitlistEntries === applicants - seats &&
    answered === applicants &&
    non303 === 0;
  return {
    applicants,
    seats,
    seconds: Math.round(seconds * 10) / 10,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: Math.round(latencies.at(-1) ?? 0),
    answered,
    statuses,
    non303,
    unanswered: applicants - answered,
    seatDocs,
    enrolled,
    waitlisted,
    pending,
    waitlistEntries,
    overbooked: Math.max(0, seatDocs - seats, enrolled + pending - seats),
    signInSeconds: Math.round(signInSeconds * 10) / 10,
    commandsPerApplication: Math.round((commands / applicants) * 100) / 100,
    commandKinds: Object.fromEntries(commandKinds.slice(0, 12)),
    commandsWithFollowUp: Math.round((withFollowUp / applicants) * 100) / 100,
    followUpKinds: Object.fromEntries(followUpKinds.slice(0, 8)),
    check: `${ok ? '✓' : '✗'} ${seatDocs} seats, ${enrolled} enrolled, ${pending} pending, ${waitlisted} waitlisted (${waitlistEntries} waitlist entries), ${answered}/${applicants} answered`,
  };
}
