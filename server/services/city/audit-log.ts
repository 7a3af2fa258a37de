import type { TFunction } from 'i18next';
import type { Types } from 'mongoose';
import { AuditEvent, type AuditEventDoc } from '../../../models/audit-event';
import { Certificate } from '../../../models/certificate';
import { CompletionReport } from '../../../models/completion-report';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { Skill } from '../../../models/skill';
import { TargetPlan } from '../../../models/target-plan';
import { University } from '../../../models/university';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { seoulDayOf } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { findByIds, idsOf } from '../../lib/find-by-ids';
import { noSuchId } from '../../lib/ids';
import { pageWindow } from '../../lib/pagination';
import { escapeRegExp } from '../../lib/regexp';
import { listUniversities } from '../courses/universities';
import { auditActions, auditAreas, type AuditAction } from '../audit/actions';
import { describeChanges, type StoredChange } from '../audit/describe';
import { inLanguage } from '../../lib/bilingual';

export interface AuditFilter {
  /** Part of a person's name or email. */
  person?: string;
  /** University code: events about that university's records. */
  university?: string;
  action?: AuditAction;
  /** Calendar days (YYYY-MM-DD) in Asia/Seoul, both inclusive. */
  from?: string;
  to?: string;
  page: number;
}

export const auditPageSize = 50;
/** The longest date range the filter walks, one day at a time: one calendar year, leap years included. */
export const maxAuditDays = 366;

const dayMs = 24 * 3600 * 1000;

/** The days from `from` to `to`, newest first; a missing end is today, a missing start the longest range before the end. */
export function filterDays(
  from: string | undefined,
  to: string | undefined,
  today = seoulDayOf(clock.now()),
): string[] {
  const end = Date.parse(`${to ?? (from && from > today ? from : today)}T00:00:00Z`);
  const start = from ? Date.parse(`${from}T00:00:00Z`) : end - (maxAuditDays - 1) * dayMs;
  const days: string[] = [];
  for (let at = end; at >= start; at -= dayMs) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

type Event = AuditEventDoc & { _id: Types.ObjectId };

/** The people whose name or email contains the text (a few hundred at most). */
async function peopleMatching(text: string): Promise<Types.ObjectId[]> {
  const pattern = new RegExp(escapeRegExp(text), 'i');
  const users = await User.find({ $or: [{ email: pattern }, { name: pattern }] }, { _id: 1 })
    .limit(500)
    .lean();
  return users.map((u) => u._id);
}

/** The equalities every query of the filter shares; the person filter is an equality when one person matches. */
async function baseQuery(filter: AuditFilter): Promise<Record<string, unknown>> {
  const query: Record<string, unknown> = {};
  if (filter.action) query.action = filter.action;
  if (filter.university) {
    const university = await University.findOne({ code: filter.university }, { _id: 1 }).lean();
    query.university = university?._id ?? noSuchId;
  }
  if (filter.person) {
    const people = await peopleMatching(filter.person);
    query.actor = people.length === 1 ? people[0] : { $in: people };
  }
  return query;
}

const newestFirst = { at: -1, _id: -1 } as const;

/**
 * One page of a date range, read day by day by equality on the indexed `day`: each day is counted,
 * and only the days the page falls on are read.
 */
async function pageOfDays(query: Record<string, unknown>, days: string[], page: number) {
  const counts = await Promise.all(days.map((day) => AuditEvent.countDocuments({ ...query, day })));
  const total = counts.reduce((a, b) => a + b, 0);
  const window = pageWindow(total, page, auditPageSize);
  let skip = window.skip;
  const events: Event[] = [];
  for (const [i, day] of days.entries()) {
    const count = counts[i]!;
    if (events.length >= auditPageSize) break;
    if (skip >= count) {
      skip -= count;
      continue;
    }
    events.push(
      ...(await AuditEvent.find({ ...query, day })
        .sort(newestFirst)
        .skip(skip)
        .limit(auditPageSize - events.length)
        .lean<Event[]>()),
    );
    skip = 0;
  }
  return { events, total, ...window };
}

async function pageOfAll(query: Record<string, unknown>, page: number) {
  const total = await AuditEvent.countDocuments(query);
  const window = pageWindow(total, page, auditPageSize);
  const events = await AuditEvent.find(query).sort(newestFirst).skip(window.skip).limit(auditPageSize).lean<Event[]>();
  return { events, total, ...window };
}

/** A record an event is about, named and linked for city staff. */
interface TargetView {
  text: string;
  href?: string;
}

const publicCourse = (status: string) => ['published', 'closed', 'completed'].includes(status);

/** Names and links of the events' records, each read by `_id`. */
async function targetsOf(events: Event[], t: TFunction, lang: string): Promise<Map<string, TargetView>> {
  const ids = (type: string) => events.filter((e) => e.targetType === type && e.targetId).map((e) => e.targetId!);
  const [enrollments, reports, certificates, users, skills, plans] = await Promise.all([
    findByIds(Enrollment, ids('Enrollment'), { course: 1, trainee: 1 }),
    findByIds(CompletionReport, ids('CompletionReport'), { label: 1, period: 1, version: 1 }),
    findByIds(Certificate, ids('Certificate'), { number: 1 }),
    findByIds(User, ids('User'), { name: 1, email: 1 }),
    findByIds(Skill, ids('Skill'), { code: 1, name: 1 }),
    findByIds(TargetPlan, ids('TargetPlan'), { year: 1 }),
  ]);
  const courses = await findByIds(Course, [...ids('Course'), ...[...enrollments.values()].map((e) => e.course)], {
    code: 1,
    title: 1,
    status: 1,
  });
  const trainees = await findByIds(User, idsOf([...enrollments.values()], 'trainee'), { name: 1 });
  const courseView = (id: unknown): TargetView | undefined => {
    const course = courses.get(String(id));
    if (!course) return undefined;
    return {
      text: `${course.code} ${inLanguage(course.title, lang)}`,
      href: publicCourse(course.status) ? `/courses/${String(id)}` : undefined,
    };
  };
  const views = new Map<string, TargetView>();
  for (const e of events) {
    const id = String(e.targetId);
    let view: TargetView | undefined;
    if (e.targetType === 'Course') view = courseView(id);
    else if (e.targetType === 'Enrollment') {
      const enrollment = enrollments.get(id);
      const course = enrollment && courseView(enrollment.course);
      const trainee = enrollment && trainees.get(String(enrollment.trainee));
      if (course) view = { ...course, text: `${trainee?.name ?? t('audit.unnamed')} · ${course.text}` };
    } else if (e.targetType === 'CompletionReport') {
      const report = reports.get(id);
      if (report) view = { text: `${report.label ?? report.period} v${report.version}`, href: `/city/reports/${id}` };
    } else if (e.targetType === 'Certificate') {
      const certificate = certificates.get(id);
      if (certificate)
        view = { text: certificate.number, href: `/certificates/${encodeURIComponent(certificate.number)}` };
    } else if (e.targetType === 'User') {
      const user = users.get(id);
      if (user) view = { text: `${user.name} <${user.email}>` };
    } else if (e.targetType === 'Skill') {
      const skill = skills.get(id);
      if (skill) view = { text: `${skill.code} ${inLanguage(skill.name, lang)}`, href: `/city/skills/${id}/edit` };
    } else if (e.targetType === 'TargetPlan') {
      const plan = plans.get(id);
      if (plan) view = { text: t('audit.targetPlan', { year: plan.year }), href: `/city/targets?year=${plan.year}` };
    }
    if (view) views.set(id, view);
  }
  return views;
}

/** The sentence of an action in the reader's language (`audit.actions.course.publish`). */
export function actionSentence(action: string, t: TFunction): string {
  return t(`audit.actions.${action}`, { defaultValue: action });
}

/** Events as a person reads them: when, a sentence for the action, and what changed, in the reader's language (for /me/data). */
export function eventsInWords(
  events: readonly (StoredChange & { action: string; at: Date })[],
  t: TFunction,
  lang: string,
) {
  return events.map((e) => ({ at: e.at, sentence: actionSentence(e.action, t), details: describeChanges(e, t, lang) }));
}

/**
 * One page of audit events for city staff, newest first, in plain language: who (name and role),
 * what (a sentence), which record (named and linked), what changed field by field.
 */
export async function browseAuditLog(actor: Actor, filter: AuditFilter, t: TFunction, lang: string) {
  assertCanOnProgramme(actor, 'audit:read');
  const query = await baseQuery(filter);
  const { events, total, page, pages } =
    filter.from || filter.to
      ? await pageOfDays(query, filterDays(filter.from, filter.to), filter.page)
      : await pageOfAll(query, filter.page);
  const [actors, targets] = await Promise.all([
    findByIds(User, idsOf(events, 'actor'), { name: 1, email: 1, role: 1 }),
    targetsOf(events, t, lang),
  ]);
  return {
    events: events.map((e) => ({
      _id: String(e._id),
      at: e.at,
      action: e.action,
      sentence: actionSentence(e.action, t),
      actor: e.actor ? actors.get(String(e.actor)) : undefined,
      target: e.targetId ? targets.get(String(e.targetId)) : undefined,
      details: describeChanges(e, t, lang),
      ip: e.ip,
    })),
    total,
    page,
    pages,
  };
}

/**
 * The page of a refused filter: no events at all. A filter that cannot be applied whole is never
 * applied in part (the person without the days would list that person's every event as if filtered).
 */
export function refusedAuditLog() {
  return { events: [], total: 0, page: 1, pages: 1, refused: true as const };
}

/** The filter's choices: universities by name, and every kind of action grouped by area, in the reader's language. */
export async function auditFilterChoices(t: TFunction) {
  return {
    universities: (await listUniversities()).map((u) => ({
      value: u.code,
      text: t('city.university', { context: u.code }),
    })),
    actionGroups: auditAreas.map((area) => ({
      label: t(`audit.areas.${area}`),
      actions: auditActions
        .filter((a) => a.startsWith(`${area}.`))
        .map((value) => ({ value, text: actionSentence(value, t) })),
    })),
  };
}
