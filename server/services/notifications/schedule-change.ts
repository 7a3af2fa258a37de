import type { i18n, TFunction } from 'i18next';
import { Types } from 'mongoose';
import { Course } from '../../../models/course';
import { ScheduleChange } from '../../../models/schedule-change';
import type { Actor } from '../../auth/actor';
import { createI18n } from '../../i18n';
import { clock } from '../../lib/clock';
import { dateText } from '../../lib/date-text';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { courseNotice } from '../course-base/course-ref';
import { courseAudience } from './course-details';
import { notifyKeyed } from './notices';

/** Edits this close together give one message: it goes once the schedule has been left alone this long. */
export const scheduleQuietMs = 5 * 60_000;
/** However often it is edited, a change waits no longer than this to be told. */
const scheduleLongestWaitMs = 30 * 60_000;

interface ShownSession {
  id: string;
  date: string;
  start: string;
  end: string;
}
export interface Schedule {
  sessions: ShownSession[];
  venue: string;
}

interface ScheduleSource {
  venue?: string | null;
  sessions: readonly { _id: Types.ObjectId; date: string; start: string; end: string }[];
}

/** The part of a course its trainees plan their days by. */
export function scheduleOf(course: ScheduleSource): Schedule {
  return {
    sessions: course.sessions.map((s) => ({ id: String(s._id), date: s.date, start: s.start, end: s.end })),
    venue: course.venue ?? '',
  };
}

/** One line of what changed, as `schedule.lines.<kind>` says it. */
export type ScheduleLine =
  | { kind: 'moved'; from: ShownSession; to: ShownSession }
  | { kind: 'added'; to: ShownSession }
  | { kind: 'removed'; from: ShownSession }
  | { kind: 'venue'; from: string; to: string };

const sameTime = (a: ShownSession, b: ShownSession) => a.date === b.date && a.start === b.start && a.end === b.end;
const byTime = (a: ShownSession, b: ShownSession) => (a.date + a.start).localeCompare(b.date + b.start);

/** What changed between two schedules, session by session (a session keeps its id across edits), then the venue. */
export function scheduleDiff(before: Schedule, after: Schedule): ScheduleLine[] {
  const old = new Map(before.sessions.map((s) => [s.id, s]));
  const now = new Map(after.sessions.map((s) => [s.id, s]));
  const lines: (ScheduleLine & { at: ShownSession })[] = [];
  for (const s of after.sessions) {
    const was = old.get(s.id);
    if (!was) lines.push({ kind: 'added', to: s, at: s });
    else if (!sameTime(was, s)) lines.push({ kind: 'moved', from: was, to: s, at: was });
  }
  for (const s of before.sessions) if (!now.has(s.id)) lines.push({ kind: 'removed', from: s, at: s });
  const sorted: ScheduleLine[] = lines.sort((a, b) => byTime(a.at, b.at)).map(({ at: _at, ...line }) => line);
  if (before.venue.trim() !== after.venue.trim())
    sorted.push({ kind: 'venue', from: before.venue.trim(), to: after.venue.trim() });
  return sorted;
}

/** The lines in one language, one a line. */
export function scheduleLinesText(t: TFunction, lang: string, lines: readonly ScheduleLine[]): string {
  const when = (s: ShownSession) => `${dateText(s.date, lang)} ${s.start}–${s.end}`;
  const place = (v: string) => v || t('schedule.noVenue');
  return lines
    .map((line) => {
      switch (line.kind) {
        case 'moved':
          return t('schedule.lines.moved', { from: when(line.from), to: when(line.to) });
        case 'added':
          return t('schedule.lines.added', { to: when(line.to) });
        case 'removed':
          return t('schedule.lines.removed', { from: when(line.from) });
        case 'venue':
          return t('schedule.lines.venue', { from: place(line.from), to: place(line.to) });
      }
    })
    .join('\n');
}

/**
 * Notes, as a course edit is saved (just before), that its schedule changed (a session's day or time, a session added
 * or removed, or the venue), to be told to its trainees a few minutes later: the first edit
 * records the schedule as trainees knew it (one insert under the course's id); later edits only
 * move the time it is due. Nothing is noted for a draft, which nobody has applied to. One write,
 * and none when the schedule did not change; the telling runs in the minute job, never in the request.
 */
export async function noteScheduleChange(
  actor: Pick<Actor, 'name' | 'email'>,
  before: ScheduleSource & { _id: Types.ObjectId; status: string },
  after: ScheduleSource,
): Promise<void> {
  if (before.status !== 'published' && before.status !== 'closed') return;
  if (scheduleDiff(scheduleOf(before), scheduleOf(after)).length === 0) return;
  const now = clock.now();
  const by = { name: actor.name, email: actor.email };
  try {
    await ScheduleChange.create({
      _id: String(before._id),
      course: before._id,
      before: scheduleOf(before),
      since: new Date(now),
      dueAt: new Date(now + scheduleQuietMs),
      by,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const noted = await ScheduleChange.findById(String(before._id), { since: 1 }).lean();
    const latest = (noted?.since.getTime() ?? now) + scheduleLongestWaitMs;
    await ScheduleChange.updateOne(
      { _id: String(before._id) },
      { $set: { dueAt: new Date(Math.min(now + scheduleQuietMs, latest)), by } },
    );
  }
}

let texts: Promise<i18n> | undefined;

/**
 * Tells every schedule change that is due (run by the minute job on one instance): each enrolled,
 * pending and waitlisted trainee gets a notice and mail saying what changed from what to what,
 * in both languages (the reader's is shown), with a reply-to of the staff member who edited. The
 * notices are keyed by the change and its due time, so a run stopped before the change was
 * removed tells nobody twice. A schedule edited back to what trainees knew tells nothing.
 * Returns how many changes were told.
 */
export async function tellDueScheduleChanges(now = new Date(clock.now())): Promise<number> {
  const due = (await ScheduleChange.find().lean()).filter((c) => c.dueAt <= now);
  let told = 0;
  for (const change of due) {
    const course = await Course.findById(change.course).lean();
    const before: Schedule = {
      sessions: (change.before?.sessions ?? []).map(({ id, date, start, end }) => ({ id, date, start, end })),
      venue: change.before?.venue ?? '',
    };
    const lines = course && course.status !== 'cancelled' ? scheduleDiff(before, scheduleOf(course)) : [];
    if (course && lines.length) {
      texts ??= createI18n();
      const i18n = await texts;
      const recipients = await courseAudience(course._id);
      const notice = courseNotice(course);
      const params = {
        ...notice.params,
        changesKo: scheduleLinesText(i18n.getFixedT('ko'), 'ko', lines),
        changesEn: scheduleLinesText(i18n.getFixedT('en'), 'en', lines),
      };
      const replyTo = change.by?.email ? { name: change.by.name ?? '', email: change.by.email } : undefined;
      await notifyKeyed(
        recipients.map((user) => ({
          key: `schedule:${change._id}:${change.dueAt.getTime()}`,
          user,
          kind: 'scheduleChanged',
          params,
          link: notice.link,
          replyTo,
        })),
      );
      told++;
    }
    // Removed only if no edit came meanwhile; otherwise what was just told is what trainees now know.
    const removed = await ScheduleChange.deleteOne({ _id: change._id, dueAt: change.dueAt });
    if (removed.deletedCount === 0 && course)
      await ScheduleChange.updateOne({ _id: change._id }, { $set: { before: scheduleOf(course) } });
  }
  return told;
}
