import { Algorithm, hash } from '@node-rs/argon2';
import { Attendance } from '../models/attendance';
import { Certificate } from '../models/certificate';
import { CompletionReport } from '../models/completion-report';
import { Course } from '../models/course';
import { Enrollment } from '../models/enrollment';
import { EnrollmentEvent } from '../models/enrollment-event';
import { ReportReview } from '../models/report-review';
import { Seat } from '../models/seat';
import { TraineeFacts } from '../models/trainee-facts';
import { University } from '../models/university';
import { User } from '../models/user';
import { WaitlistEntry } from '../models/waitlist-entry';
import { traineeFactsOf } from '../server/services/copies/course-figures';
import { rebuildOutdatedCopies } from '../server/services/copies/versions';
import { buildCompletionReports } from './completion-reports';
import { seoulDayOf } from '../server/lib/calendar';
import { buildProgramme, type Facts } from './programme';
import type { Size } from './sizes';

export const benchPassword = 'bench-password-123';
const batchSize = 1_000;

/**
 * Bench accounts share one argon2id hash of the lowest cost (computed once): the encoded hash
 * carries its parameters, so login checks it as usual, and signing in a thousand applicants
 * measures the app rather than the password hash.
 */
export function benchPasswordHash(): Promise<string> {
  return hash(benchPassword, { algorithm: Algorithm.Argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
}

/** What the scenarios need to know about the generated programme. */
export interface Generated {
  counts: Record<string, number>;
  passwordHash: string;
  /** Ids of the courses the public catalog shows. */
  publicCourseIds: string[];
  /** Running courses of exactly 60 enrolled trainees, each with its university's staff member. */
  rosters: { courseId: string; staffEmail: string }[];
  /** The trainee with the most enrollments, for /me. */
  busyTrainee: { email: string; enrollments: number };
  cityEmail: string;
  /** The word most public course titles start with, for the catalog search. */
  searchTerm: string;
  /** Two words that must both match: that word and a level word of the Korean titles. */
  searchPhrase: string;
  /** The name of an instructor of a public course (without the title 교수). */
  instructor: string;
  /** The month (`YYYY-MM`) in which most public courses that have not started yet start. */
  busyMonth: string;
  /** The university and track with the most courses open for application now. */
  openFilter: { university: string; track: string };
  /** A university for the burst course, and its staff member's id. */
  burstUniversity: { id: string; staffId: string };
}

/**
 * Inserts one collection in batches through its model: each document is validated and gets its
 * defaults, timestamps and hooks (the course hook derives hours and dates), as the services' writes do.
 */
interface BulkTarget {
  insertMany(docs: object[], options: { ordered: false }): Promise<unknown>;
  collection: { collectionName: string };
}

async function insertAll(model: BulkTarget, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += batchSize)
    await model.insertMany(docs.slice(i, i + batchSize), { ordered: false });
}

async function insertFacts(facts: Facts, now: Date): Promise<Record<string, number>> {
  const { reports, reviews } = buildCompletionReports(facts, now);
  const collections: [BulkTarget, object[]][] = [
    [User, facts.users],
    [TraineeFacts, facts.users.filter((u) => u.role === 'trainee').map((u) => ({ _id: u._id, ...traineeFactsOf(u) }))],
    [Course, facts.courses],
    [Enrollment, facts.enrollments],
    [EnrollmentEvent, facts.events],
    [Seat, facts.seats],
    [WaitlistEntry, facts.waitlist],
    [Attendance, facts.attendance],
    [Certificate, facts.certificates],
    [CompletionReport, reports],
    [ReportReview, reviews],
  ];
  const counts: Record<string, number> = {};
  for (const [model, docs] of collections) {
    await insertAll(model, docs);
    counts[model.collection.collectionName] = docs.length;
  }
  return counts;
}

function describe(facts: Facts, counts: Record<string, number>, passwordHash: string): Generated {
  const publicStatuses = ['published', 'closed', 'completed'];
  const perTrainee = new Map<string, number>();
  for (const e of facts.enrollments) perTrainee.set(String(e.trainee), (perTrainee.get(String(e.trainee)) ?? 0) + 1);
  const [busiest, enrollments] = [...perTrainee.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const now = Date.now();
  const open = new Map<string, number>();
  const codes = new Map(facts.universities.map((u) => [String(u._id), u.code]));
  for (const c of facts.courses) {
    if (c.status !== 'published' || c.enrolmentOpensAt.getTime() > now || c.enrolmentClosesAt.getTime() < now) continue;
    const key = `${codes.get(String(c.university))} ${c.track}`;
    open.set(key, (open.get(key) ?? 0) + 1);
  }
  const [university, track] = (
    [...open.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? `${facts.universities[0]!.code} cell`
  ).split(' ') as [string, string];
  const burst = facts.universities[0]!;
  const publicCourses = facts.courses.filter((c) => publicStatuses.includes(c.status));
  const words = new Map<string, number>();
  for (const c of publicCourses) words.set(c.title.ko.split(' ')[0]!, (words.get(c.title.ko.split(' ')[0]!) ?? 0) + 1);
  const searchTerm = [...words.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '배터리';
  const months = new Map<string, number>();
  const today = seoulDayOf(now);
  for (const c of publicCourses) {
    const first = c.sessions[0]?.date;
    if (first && first > today) months.set(first.slice(0, 7), (months.get(first.slice(0, 7)) ?? 0) + 1);
  }
  return {
    counts,
    passwordHash,
    publicCourseIds: publicCourses.map((c) => String(c._id)),
    searchTerm,
    searchPhrase: `${searchTerm} 심화`,
    instructor: publicCourses[0]?.instructors[0]?.split(' ')[0] ?? '김',
    busyMonth: [...months.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? today.slice(0, 7),
    rosters: facts.rosterCourses.map((c) => ({
      courseId: String(c._id),
      staffEmail: facts.staffOf.get(String(c.university))!.email,
    })),
    busyTrainee: { email: facts.users.find((u) => String(u._id) === busiest)?.email ?? '', enrollments },
    cityEmail: facts.city.email,
    openFilter: { university, track },
    burstUniversity: { id: String(burst._id), staffId: String(facts.staffOf.get(String(burst._id))!._id) },
  };
}

/**
 * Builds a programme of the given size in memory (deterministic for a seed) and bulk-inserts its
 * primary facts through the models, bypassing the services for speed.
 */
export async function generate(size: Size, seed: number): Promise<Generated> {
  const now = new Date();
  const universities = await University.find({}, { code: 1, name: 1 }).sort({ order: 1 }).lean();
  const passwordHash = await benchPasswordHash();
  const facts = buildProgramme(size, seed, universities, passwordHash, now);
  const counts = await insertFacts(facts, now);
  // The read models follow the facts where services change them; facts inserted in bulk need a rebuild.
  counts.coursefigures = (await rebuildOutdatedCopies())['course-figures'] ?? 0;
  return describe(facts, counts, passwordHash);
}
