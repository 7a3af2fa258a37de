import { isValidObjectId, type Types } from 'mongoose';
import { Certificate, type CertificateDoc } from '../../../models/certificate';
import { CompletionReport, type CompletionReportDoc } from '../../../models/completion-report';
import { Course, type CourseDoc } from '../../../models/course';
import type { LocalizedText } from '../../../models/localized-text';
import { ReportReview } from '../../../models/report-review';
import { University } from '../../../models/university';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { assertCan, scopeFor } from '../../auth/policy';
import { FormError, NotFoundError } from '../../errors';
import { recordAudit } from '../audit/record';
import { notify, notifyMany } from '../notifications/notices';
import { flatten } from '../../lib/bilingual';
import { canonicalJson, sha256 } from '../../lib/canonical-json';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { noSuchId } from '../../lib/ids';
import { insertWithNextNumber } from '../../lib/numbered-insert';
import {
  breakdown,
  computeFigures,
  courseQuarter,
  isQuarter,
  namedCompleters,
  type FigureRow,
  type Figures,
} from '../figures/figures';
import { courseFiguresQuery, loadFigureRows } from '../copies/course-figures';

/** What a report covers: a quarter (see figures.ts for which enrollments that means) or one course. */
export type ReportScope = { kind: 'quarter'; quarter: string } | { kind: 'course'; courseId: string };

export interface ReportSnapshot {
  university: { code: string; name: { ko: string; en: string } };
  period: string;
  scope:
    | { kind: 'quarter'; quarter: string }
    | { kind: 'course'; courseId: string; courseCode: string; courseTitle: { ko: string; en: string } };
  generatedAt: string;
  figures: Figures;
  byTrack: { key: string; figures: Figures }[];
  byCategory: { key: string; figures: Figures }[];
  byCourse: { key: string; figures: Figures }[];
  completers: { name: string; courseCode: string; courseTitle: { ko: string; en: string } }[];
}

export function periodOf(scope: ReportScope): string {
  return scope.kind === 'quarter' ? scope.quarter : `course:${scope.courseId}`;
}

/** Builds the snapshot a report would freeze now: figures count everyone, names only those who consent. */
export async function buildSnapshot(actor: Actor, scope: ReportScope): Promise<ReportSnapshot> {
  const universityId = actor.universityId;
  const university =
    universityId && isValidObjectId(universityId) ? await University.findById(universityId).lean() : null;
  if (!university) throw new NotFoundError();
  let scopeInfo: ReportSnapshot['scope'];
  if (scope.kind === 'course') {
    const course = isValidObjectId(scope.courseId) ? await Course.findById(scope.courseId).lean() : null;
    if (!course) throw new FormError({ course: 'reports.errors.course' });
    assertCan(actor, 'report:submit', course);
    scopeInfo = {
      kind: 'course',
      courseId: String(course._id),
      courseCode: course.code,
      courseTitle: { ko: course.title.ko, en: course.title.en },
    };
  } else {
    if (!isQuarter(scope.quarter)) throw new FormError({ quarter: 'reports.errors.quarter' });
    scopeInfo = { kind: 'quarter', quarter: scope.quarter };
  }
  const rows = await loadFigureRows(
    scope.kind === 'quarter'
      ? { universityId: String(university._id), quarter: scope.quarter }
      : { universityId: String(university._id), courseId: scope.courseId },
  );
  return snapshotOf(university, scopeInfo, rows, new Date());
}

/**
 * The snapshot of a report on the counted enrollments `rows` of its scope: the figures count
 * everyone, the completers list names only those who consent.
 */
export function snapshotOf(
  university: { code: string; name: LocalizedText },
  scope: ReportSnapshot['scope'],
  rows: readonly FigureRow[],
  generatedAt: Date,
): ReportSnapshot {
  return {
    university: { code: university.code, name: { ko: university.name.ko, en: university.name.en } },
    period: periodOf(scope),
    scope,
    generatedAt: generatedAt.toISOString(),
    figures: computeFigures(rows),
    byTrack: breakdown(rows, 'track'),
    byCategory: breakdown(rows, 'category'),
    byCourse: breakdown(rows, 'courseCode'),
    completers: namedCompleters(rows),
  };
}

/** A course the report covers whose figures are not final yet, and what it is waiting for. */
export interface UnfinishedCourse {
  id: string;
  code: string;
  title: { ko: string; en: string };
  state: 'notStarted' | 'running' | 'awaitingCompletion';
}

export interface ReportPreview {
  snapshot: ReportSnapshot;
  /** The courses the report waits for: it cannot be submitted while there are any. */
  unfinished: UnfinishedCourse[];
}

type CourseTiming = Pick<CourseDoc, '_id' | 'code' | 'title' | 'status' | 'sessions' | 'startsAt' | 'endsAt'>;
const timing = { code: 1, title: 1, status: 1, sessions: 1, startsAt: 1, endsAt: 1 };
/** Course statuses whose figures may still change: enrolled trainees are not yet decided. */
const unfinishedStatuses: readonly string[] = ['published', 'closed'];

/**
 * The courses of the scope that are still published or closed, i.e. not yet completed (nor
 * cancelled). Reported now, their trainees would count as enrolled, and as dropouts those who
 * only stepped back before the start.
 */
async function unfinishedCourses(
  universityId: string,
  scope: ReportScope,
  now = new Date(),
): Promise<UnfinishedCourse[]> {
  const courses =
    scope.kind === 'course'
      ? [await Course.findById(scope.courseId, timing).lean<CourseTiming>()]
      : (
          await Promise.all(
            unfinishedStatuses.map((status) =>
              Course.find({ university: universityId, status }, timing).lean<CourseTiming[]>(),
            ),
          )
        )
          .flat()
          .filter((c) => courseQuarter(c) === scope.quarter);
  return courses
    .filter((c): c is CourseTiming => !!c && unfinishedStatuses.includes(c.status))
    .map((c) => ({
      id: String(c._id),
      code: c.code,
      title: { ko: c.title.ko, en: c.title.en },
      state:
        c.startsAt && c.startsAt > now
          ? ('notStarted' as const)
          : c.endsAt && c.endsAt > now
            ? ('running' as const)
            : ('awaitingCompletion' as const),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** What the report would freeze now, and the courses it still waits for. */
export async function previewReport(actor: Actor, scope: ReportScope): Promise<ReportPreview> {
  const snapshot = await buildSnapshot(actor, scope);
  return { snapshot, unfinished: await unfinishedCourses(actor.universityId ?? '', scope) };
}

/** How lists name a report: its quarter, or its course's code and Korean title. */
export function labelOf(snapshot: ReportSnapshot): string {
  return snapshot.scope.kind === 'quarter'
    ? snapshot.scope.quarter
    : `${snapshot.scope.courseCode} ${snapshot.scope.courseTitle.ko}`;
}

async function latestVersion(universityId: string, period: string) {
  return CompletionReport.findOne({ university: universityId, period })
    .sort({ version: -1 })
    .lean<CompletionReportDoc>();
}

/**
 * Submits the snapshot as an immutable report, once every course it covers has been completed
 * or cancelled. A period has one live report: a new version is allowed only after the city
 * returned the latest; the unique (university, period, version) insert keeps two simultaneous
 * submissions apart.
 */
export async function submitReport(actor: Actor, scope: ReportScope): Promise<CompletionReportDoc> {
  const { snapshot, unfinished } = await previewReport(actor, scope);
  if (unfinished.length > 0) throw new FormError({ _form: 'reports.errors.unfinished' });
  const universityId = actor.universityId ?? '';
  const blocked = (latest: CompletionReportDoc | null) => latest && latest.status !== 'returned';
  if (blocked(await latestVersion(universityId, snapshot.period)))
    throw new FormError({ _form: 'reports.errors.alreadySubmitted' });
  const text = canonicalJson(snapshot);
  const report = await insertWithNextNumber({
    first: async () => ((await latestVersion(universityId, snapshot.period))?.version ?? 0) + 1,
    insert: async (version) =>
      (
        await CompletionReport.create({
          university: universityId,
          period: snapshot.period,
          label: labelOf(snapshot),
          version,
          snapshot: text,
          contentHash: sha256(text),
          submittedBy: actor.id,
          submittedAt: new Date(),
        })
      ).toObject<CompletionReportDoc>(),
    settled: async () => {
      if (blocked(await latestVersion(universityId, snapshot.period)))
        throw new FormError({ _form: 'reports.errors.alreadySubmitted' });
      return null;
    },
  });
  await recordAudit({
    actor,
    action: 'report.submit',
    target: { type: 'CompletionReport', id: report._id },
    university: universityId,
    after: { period: report.period, version: report.version, hash: report.contentHash },
  });
  await tellReviewers(report);
  return report;
}

/** City staff formally receive each submitted report: every active one is told, with a link to review it. */
async function tellReviewers(report: CompletionReportDoc): Promise<void> {
  const [reviewers, university] = await Promise.all([
    User.find({ role: 'city_staff', active: true }, { _id: 1 }).lean(),
    University.findById(report.university, { name: 1 }).lean(),
  ]);
  await notifyMany(
    reviewers.map((r) => r._id),
    'reportSubmitted',
    { ...flatten('university', university?.name), label: report.label ?? report.period, version: report.version },
    `/city/reports/${String(report._id)}`,
  );
}

/** A certificate of a report's courses that was revoked after the report was submitted. */
export interface RevokedSince {
  number: string;
  courseCode: string;
  courseTitle: { ko: string; en: string };
  revokedAt: Date;
}

export interface ReportView extends Omit<CompletionReportDoc, 'snapshot'> {
  snapshot: ReportSnapshot;
  hashMatches: boolean;
  revokedSince: RevokedSince[];
  /** Returned, and no later version submitted yet: the university can submit the scope again. */
  resubmittable: boolean;
}

/**
 * The certificates of the report's courses revoked after it was submitted. A submitted report keeps
 * the figures it froze (it is a hashed record); its page lists what was taken back since, so that
 * the city can return it for a corrected version.
 */
async function revokedSince(report: CompletionReportDoc, snapshot: ReportSnapshot): Promise<RevokedSince[]> {
  const courses =
    snapshot.scope.kind === 'course'
      ? [{ _id: snapshot.scope.courseId, code: snapshot.scope.courseCode }]
      : await courseFiguresQuery({ universityId: String(report.university), quarter: snapshot.scope.quarter })
          .select({ code: 1 })
          .lean<{ _id: Types.ObjectId; code: string }[]>();
  const revoked = await Promise.all(
    courses.map(async (course) =>
      (
        await Certificate.find(
          { course: course._id, revokedAt: { $gt: report.submittedAt } },
          { number: 1, courseTitle: 1, revokedAt: 1 },
        ).lean<CertificateDoc[]>()
      ).map((c) => ({
        number: c.number,
        courseCode: course.code,
        courseTitle: c.courseTitle,
        revokedAt: c.revokedAt ?? report.submittedAt,
      })),
    ),
  );
  return revoked.flat().sort((a, b) => a.number.localeCompare(b.number));
}

/** Opens a report, checks its hash against the stored snapshot text and lists the completions revoked since. */
export async function getReport(actor: Actor, id: string): Promise<ReportView> {
  const report = isValidObjectId(id) ? await CompletionReport.findById(id).lean<CompletionReportDoc>() : null;
  if (!report) throw new NotFoundError();
  assertCan(actor, 'report:read', report);
  const snapshot = JSON.parse(report.snapshot) as ReportSnapshot;
  return {
    ...report,
    snapshot,
    hashMatches: sha256(report.snapshot) === report.contentHash,
    revokedSince: await revokedSince(report, snapshot),
    // A returned report's next version is inserted under (university, period, version + 1).
    resubmittable:
      report.status === 'returned' &&
      !(await CompletionReport.exists({
        university: report.university,
        period: report.period,
        version: report.version + 1,
      })),
  };
}

/** Reports the actor may read, newest first, with their university's code. */
export async function listReports(actor: Actor, filter: { status?: string } = {}) {
  const query: Record<string, unknown> = { ...scopeFor(actor) };
  if (filter.status) query.status = filter.status;
  const reports = await CompletionReport.find(query, { snapshot: 0 })
    .sort({ submittedAt: -1 })
    .lean<Omit<CompletionReportDoc, 'snapshot'>[]>();
  const universities = new Map((await University.find({}).lean()).map((u) => [String(u._id), u]));
  return reports.map((r) => {
    const university = universities.get(String(r.university));
    return { ...r, universityName: university?.name, universityCode: university?.code };
  });
}

/** City staff acknowledge a submitted report, or return it with a note for a corrected new version. */
export async function reviewReport(
  actor: Actor,
  id: string,
  decision: 'acknowledged' | 'returned',
  note: string,
): Promise<void> {
  const report = isValidObjectId(id) ? await CompletionReport.findById(id, { snapshot: 0 }).lean() : null;
  if (!report) throw new NotFoundError();
  assertCan(actor, 'report:review', report);
  if (report.status !== 'submitted') throw new FormError({ _form: 'reports.errors.notSubmitted' });
  if (decision === 'returned' && !note.trim()) throw new FormError({ note: 'reports.errors.noteRequired' });
  const reviewedAt = new Date();
  try {
    await ReportReview.create({
      report: report._id,
      decision,
      by: actor.id,
      at: reviewedAt,
      note: note.trim() || undefined,
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new FormError({ _form: 'reports.errors.notSubmitted' });
    throw err;
  }
  await CompletionReport.updateOne(
    { _id: report._id },
    { $set: { status: decision, reviewedBy: actor.id, reviewedAt, reviewNote: note.trim() || undefined } },
  );
  await recordAudit({
    actor,
    action: decision === 'returned' ? 'report.return' : 'report.acknowledge',
    target: { type: 'CompletionReport', id: report._id },
    university: report.university,
    before: { status: 'submitted' },
    after: { status: decision },
    meta: { note: note.trim() || undefined },
  });
  // The staff member who submitted it hears of the decision, with the reviewer's note when there is one.
  const params = { label: report.label ?? report.period, version: report.version };
  await notify(
    report.submittedBy,
    decision === 'returned' ? 'reportReturned' : 'reportAcknowledged',
    note.trim() ? { ...params, note: note.trim(), context: 'note' } : params,
    `/manage/reports/${String(report._id)}`,
  );
}

/** What a university can report on: its courses that belong to a period, and those periods (newest first). */
export async function reportChoices(actor: Actor) {
  const rows = await loadFigureRows({ universityId: actor.universityId ?? noSuchId });
  const courses = new Map(
    rows.map((r) => [r.courseId, { id: r.courseId, code: r.courseCode, title: r.courseTitle, quarter: r.quarter }]),
  );
  return {
    quarters: [...new Set(rows.map((r) => r.quarter))].sort().reverse(),
    courses: [...courses.values()].sort((a, b) => a.code.localeCompare(b.code)),
  };
}
