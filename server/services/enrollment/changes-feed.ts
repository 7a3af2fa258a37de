import { Course } from '../../../models/course';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { FeedStart } from '../../../models/feed-start';
import { User } from '../../../models/user';
import { wroteFirst } from '../../lib/duplicate-key';
import { seoulDayOf } from '../../lib/calendar';
import { clock, dayMs } from '../../lib/clock';

/*
 * The changes of enrollments, in the order they happened: every status step (the history events,
 * which are the facts themselves, so the feed can never disagree with them) and every trainee
 * anonymised. Read one Seoul day (anonymisations: one month) at a time by equality, which the
 * embedded engine serves from an index, where a range on the time would read the whole history for
 * every page.
 */

/** Where a reader is: after the record at (`at`, `id`) of `day`. */
export interface FeedPosition {
  day: string;
  at: number;
  id: string;
}

export type FeedRecord =
  | {
      kind: 'enrollment';
      id: string;
      at: Date;
      enrollment: string;
      course: string;
      /** Set on the step that created the enrollment. */
      trainee?: string;
      from: EnrollmentStatus | null;
      to: EnrollmentStatus;
    }
  | { kind: 'anonymised'; id: string; at: Date; trainee: string };

/** Who reads: the whole programme, or one university's courses and their trainees. */
export interface FeedScope {
  university?: string;
}

/**
 * Records younger than this are not served yet: a record is stamped just before it is written, so
 * one stamped earlier may still land after a younger one. Waiting this long means a reader that has
 * passed a time never misses a record stamped before it.
 */
export const settleMs = 5_000;
/** Days read at once while filling a page. */
const daysAhead = 4;
const feedName = 'enrollments';

let knownStart: string | undefined;

/**
 * The first day of the feed: found once by scanning the history (kept in FeedStart, then in
 * memory); undefined while nothing has happened.
 */
export async function changesFeedStart(): Promise<string | undefined> {
  if (knownStart) return knownStart;
  const stored = await FeedStart.findById(feedName).lean();
  if (stored) return (knownStart = stored.day);
  const days = await EnrollmentEvent.find({}, { day: 1 }).lean();
  const first = days.reduce<string | undefined>((min, e) => (e.day && (!min || e.day < min) ? e.day : min), undefined);
  if (!first) return undefined;
  await wroteFirst(FeedStart.replaceOne({ _id: feedName }, { _id: feedName, day: first }, { upsert: true }));
  return (knownStart = first);
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);

const isAfter = (r: { at: Date; id: string }, p: FeedPosition) =>
  r.at.getTime() > p.at || (r.at.getTime() === p.at && r.id > p.id);

const byTime = (a: FeedRecord, b: FeedRecord) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1);

/** The anonymisations of a month, read once per page however many of its days the page reads. */
type MonthReader = (month: string) => Promise<FeedRecord[]>;

function monthReader(): MonthReader {
  const months = new Map<string, Promise<FeedRecord[]>>();
  return (month) => {
    let read = months.get(month);
    if (!read) {
      read = User.find({ anonymisedMonth: month }, { anonymisedAt: 1 })
        .lean()
        .then((users) =>
          users.map((u): FeedRecord => ({
            kind: 'anonymised',
            id: String(u._id),
            at: u.anonymisedAt!,
            trainee: String(u._id),
          })),
        );
      months.set(month, read);
    }
    return read;
  };
}

/** One day's records, in order. */
async function recordsOf(day: string, anonymisationsOf: MonthReader): Promise<FeedRecord[]> {
  const [events, anonymised] = await Promise.all([
    EnrollmentEvent.find({ day }, { enrollment: 1, course: 1, trainee: 1, from: 1, to: 1, at: 1 }).lean(),
    anonymisationsOf(day.slice(0, 7)),
  ]);
  return [
    ...events.map((e): FeedRecord => ({
      kind: 'enrollment',
      id: String(e._id),
      at: e.at ?? new Date(0),
      enrollment: String(e.enrollment),
      course: String(e.course),
      ...(e.trainee ? { trainee: String(e.trainee) } : {}),
      from: (e.from ?? null) as EnrollmentStatus | null,
      to: e.to,
    })),
    ...anonymised.filter((r) => seoulDayOf(r.at) === day),
  ].sort(byTime);
}

/** A course's university never changes: held once read. */
const universityOfCourse = new Map<string, string>();

async function courseUniversity(course: string): Promise<string | undefined> {
  const known = universityOfCourse.get(course);
  if (known) return known;
  const found = await Course.findById(course, { university: 1 }).lean();
  if (found) universityOfCourse.set(course, String(found.university));
  return found ? String(found.university) : undefined;
}

async function inScope(record: FeedRecord, scope: FeedScope): Promise<boolean> {
  if (!scope.university) return true;
  if (record.kind === 'enrollment') return (await courseUniversity(record.course)) === scope.university;
  return !!(await Enrollment.exists({ trainee: record.trainee, university: scope.university }));
}

/**
 * Up to `limit` records after `after` (from the beginning without it) that `scope` may see, and
 * where to read on from. `more` is true when the page filled up (read on at once); false when the
 * reader has caught up (read on later from `next`).
 */
export async function changesAfter(
  scope: FeedScope,
  after: FeedPosition | undefined,
  limit: number,
): Promise<{ records: FeedRecord[]; next: FeedPosition; more: boolean }> {
  const horizon = clock.now() - settleMs;
  const lastDay = seoulDayOf(horizon);
  const first = (await changesFeedStart()) ?? lastDay;
  const start = after ?? { day: first, at: -1, id: '' };
  const records: FeedRecord[] = [];
  const anonymisationsOf = monthReader();
  let position = start;
  // A position from before the first record reads on from it, not from every empty day before.
  for (let day = start.day < first ? first : start.day; day <= lastDay;) {
    const days = [day];
    while (days.length < daysAhead && days.at(-1)! < lastDay) days.push(nextDay(days.at(-1)!));
    for (const found of await Promise.all(days.map((d) => recordsOf(d, anonymisationsOf))))
      for (const record of found) {
        if (!isAfter(record, position) || record.at.getTime() >= horizon) continue;
        if (records.length === limit) return { records, next: position, more: true };
        if (await inScope(record, scope)) records.push(record);
        position = { day: seoulDayOf(record.at), at: record.at.getTime(), id: record.id };
      }
    day = nextDay(days.at(-1)!);
  }
  const caughtUp = { day: lastDay, at: horizon, id: '' };
  return { records, next: isAfter({ at: new Date(horizon), id: '' }, position) ? caughtUp : position, more: false };
}
