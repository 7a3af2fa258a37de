import { z } from 'zod';
import { University } from '../../models/university';
import type { Actor } from '../auth/actor';
import { pseudonymOf } from '../lib/pseudonym';
import type { HeldToken } from '../services/api-tokens/held';
import { gridStatuses } from '../services/attendance/grid';
import { buildCityDashboard, programmeFigureRows } from '../services/city/dashboard';
import { creditedHours } from '../services/city/export';
import type { FigureRow } from '../services/figures/figures';
import { unnamedOutcomeTables } from '../services/city/outcomes';
import { loadCourseFor, orderedSessions } from '../services/course-base/access';
import { catalogSnapshot } from '../services/course-base/catalog-snapshot';
import { courseRosterEntries } from '../services/copies/course-roster';
import { getReport, listReports, type ReportView } from '../services/reports/completion-reports';
import { decodeCursor, encodeCursor, pageAfter } from './cursor';
import { ApiProblem } from './problem';
import type * as schemas from './token-schemas';

/*
 * The operations behind a token: the services the city's pages use, read on the token's behalf
 * and narrowed to its university when it has one. Trainees appear only as the exports' pseudonyms.
 */

type Answer<S extends z.ZodType> = Promise<z.infer<S>>;

/**
 * Whom the services see reading: the city, whose data a token reads (only city staff make
 * tokens); the scopes and the university are checked here before any service is called.
 */
function readerOf(token: HeldToken): Actor {
  return { id: token.owner, role: 'city_staff', name: '', email: '', locale: 'ko' };
}

/** The code of the token's university, if it has one. */
async function ownUniversity(token: HeldToken): Promise<string | undefined> {
  if (!token.university) return undefined;
  const active = (await catalogSnapshot()).universities.find((u) => String(u._id) === token.university);
  // A university no longer active reads as itself still: its own past data.
  return active?.code ?? (await University.findById(token.university, { code: 1 }).lean())?.code ?? '';
}

/** The university an answer covers: the one asked for, which a university token may only ask for as its own. */
async function universityFor(token: HeldToken, asked: string | undefined): Promise<string | undefined> {
  const own = await ownUniversity(token);
  if (own !== undefined && asked !== undefined && asked !== own) throw new ApiProblem('wrong-university');
  return own ?? asked;
}

function assertOwn(token: HeldToken, universityId: unknown): void {
  if (token.university && String(universityId) !== token.university) throw new ApiProblem('wrong-university');
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

export async function programmeFigures(
  token: HeldToken,
  query: z.infer<typeof schemas.figuresQuery>,
): Answer<typeof schemas.programmeFigures> {
  const university = await universityFor(token, query.university);
  const d = await buildCityDashboard(readerOf(token), { ...query, university });
  return {
    applied: {
      period: d.applied.period ?? null,
      university: d.applied.university ?? null,
      track: d.applied.track ?? null,
    },
    totals: d.totals,
    byUniversity: d.byUniversity,
    byTrack: d.byTrack,
    byCategory: d.byCategory,
    byQuarter: d.byQuarter,
    quarters: d.quarters,
  };
}

const idPosition = z.tuple([z.string().regex(/^[0-9a-f]{24}$/)]);

export async function reportList(
  token: HeldToken,
  query: z.infer<typeof schemas.reportListQuery>,
): Answer<typeof schemas.reportPage> {
  const university = await universityFor(token, query.university);
  const reports = (await listReports(readerOf(token), { status: query.status }))
    .map((r) => ({ ...r, id: String(r._id) }))
    .filter((r) => !university || r.universityCode === university)
    .sort((a, b) => a.id.localeCompare(b.id));
  const from = query.cursor ? decodeCursor(query.cursor, idPosition) : undefined;
  const page = pageAfter(
    reports,
    (r) => [r.id] as [string],
    ([id], [after]) => id > after,
    from,
    query.limit,
  );
  return { items: page.items.map(summaryOf), nextCursor: page.nextCursor };
}

type StoredReport = Pick<
  ReportView,
  '_id' | 'period' | 'label' | 'version' | 'status' | 'contentHash' | 'submittedAt' | 'reviewedAt'
> & { universityCode?: string };

function summaryOf(r: StoredReport): z.infer<typeof schemas.reportSummary> {
  return {
    id: String(r._id),
    university: r.universityCode ?? '',
    period: r.period,
    label: r.label ?? r.period,
    version: r.version,
    status: r.status,
    contentHash: r.contentHash,
    submittedAt: r.submittedAt.toISOString(),
    reviewedAt: iso(r.reviewedAt),
  };
}

/** One report with its snapshot, less the names of the completers who consented to be named. */
export async function reportOf(token: HeldToken, id: string): Answer<typeof schemas.report> {
  const report = await getReport(readerOf(token), id);
  assertOwn(token, report.university);
  const { completers, ...snapshot } = report.snapshot;
  return {
    ...summaryOf({ ...report, universityCode: snapshot.university.code }),
    hashMatches: report.hashMatches,
    revokedSince: report.revokedSince.length,
    snapshot: { ...snapshot, namedCompleters: completers.length },
  };
}

const enrollmentPosition = z.tuple([z.string().regex(/^[0-9a-f]{24}$/), z.string().regex(/^P[0-9a-f]{20}$/)]);

/**
 * The counted enrollments, as the city export's rows without names, in a stable order: by course
 * id, then pseudonym. A page computes the pseudonyms of the courses it reaches only.
 */
export async function enrollmentList(
  token: HeldToken,
  query: z.infer<typeof schemas.enrollmentQuery>,
  pseudonymKey: Buffer,
): Answer<typeof schemas.enrollmentPage> {
  const university = await universityFor(token, query.university);
  const from = query.cursor ? decodeCursor(query.cursor, enrollmentPosition) : undefined;
  const byCourse = new Map<string, FigureRow[]>();
  for (const r of await programmeFigureRows()) {
    if (query.period && r.quarter !== query.period) continue;
    if (university && r.university !== university) continue;
    if (query.track && r.track !== query.track) continue;
    if (from && r.courseId < from[0]) continue;
    const rows = byCourse.get(r.courseId);
    if (rows) rows.push(r);
    else byCourse.set(r.courseId, [r]);
  }
  const items: z.infer<typeof schemas.enrollment>[] = [];
  let more = false;
  for (const courseId of [...byCourse.keys()].sort()) {
    const rows = byCourse
      .get(courseId)!
      .map((r) => ({ r, trainee: pseudonymOf(pseudonymKey, r.traineeId) }))
      .filter(({ trainee }) => !from || courseId > from[0] || trainee > from[1])
      .sort((a, b) => a.trainee.localeCompare(b.trainee));
    for (const { r, trainee } of rows) {
      if (items.length === query.limit) {
        more = true;
        break;
      }
      items.push({
        trainee,
        university: r.university,
        quarter: r.quarter,
        courseId,
        courseCode: r.courseCode,
        courseTitle: r.courseTitle,
        track: r.track,
        category: r.category,
        resident: r.resident,
        status: r.status,
        courseHours: r.hours,
        creditedHours: creditedHours(r),
        completedAt: iso(r.completedAt),
      });
    }
    if (more) break;
  }
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor([last.courseId, last.trainee]) : null };
}

export async function outcomesOf(
  token: HeldToken,
  query: z.infer<typeof schemas.outcomesQuery>,
): Answer<typeof schemas.outcomes> {
  const university = await universityFor(token, query.university);
  const tables = await unnamedOutcomeTables(readerOf(token), university);
  return { ...tables, rounds: [...tables.rounds] };
}

/** A course of the token's university: another's is refused, an unknown one not found. */
async function ownCourse(token: HeldToken, id: string) {
  const course = await loadCourseFor(readerOf(token), id, 'course:read');
  assertOwn(token, course.university);
  return course;
}

export async function rosterOf(token: HeldToken, id: string, pseudonymKey: Buffer): Answer<typeof schemas.roster> {
  const course = await ownCourse(token, id);
  const entries = await courseRosterEntries(course._id);
  return {
    course: String(course._id),
    items: entries.map((e) => ({
      trainee: pseudonymOf(pseudonymKey, e.traineeId),
      status: e.status,
      category: (e.category || '') as z.infer<typeof schemas.roster>['items'][number]['category'],
      appliedAt: e.appliedAt.toISOString(),
      waitlistRank: e.waitlistRank ?? null,
    })),
  };
}

export async function attendanceOf(
  token: HeldToken,
  id: string,
  pseudonymKey: Buffer,
): Answer<typeof schemas.attendance> {
  const course = await ownCourse(token, id);
  const sessions = orderedSessions(course);
  const entries = (await courseRosterEntries(course._id)).filter((e) =>
    (gridStatuses as readonly string[]).includes(e.status),
  );
  return {
    course: String(course._id),
    sessions: sessions.map(({ id: sessionId, date, start, end }) => ({ id: sessionId, date, start, end })),
    items: entries.map((e) => ({
      trainee: pseudonymOf(pseudonymKey, e.traineeId),
      status: e.status,
      marks: sessions.flatMap((s) => {
        const mark = e.marks.get(s.id);
        return mark ? [{ session: s.id, status: mark.status }] : [];
      }),
    })),
  };
}
