import type { Types } from 'mongoose';
import { trainingHours } from '../models/course';
import { seoulInstant } from '../server/lib/calendar';
import { canonicalJson, sha256 } from '../server/lib/canonical-json';
import { countsInFigures, quarterOfDay, type FigureRow } from '../server/services/figures/figures';
import { labelOf, snapshotOf } from '../server/services/reports/completion-reports';
import { timeline, type Facts } from './programme';
import { dayMs } from '../server/lib/clock';

export interface ReportFact {
  _id: Types.ObjectId;
  university: Types.ObjectId;
  period: string;
  version: number;
  label: string;
  snapshot: string;
  contentHash: string;
  status: 'submitted' | 'acknowledged';
  submittedBy: Types.ObjectId;
  submittedAt: Date;
  reviewedBy?: Types.ObjectId;
  reviewedAt?: Date;
}

export interface ReviewFact {
  report: Types.ObjectId;
  decision: 'acknowledged';
  by: Types.ObjectId;
  at: Date;
}

/** The first instant after a quarter (`2025-Q2` → 2025-07-01 in Asia/Seoul). */
function quarterEnd(quarter: string): Date {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  return q === 4 ? seoulInstant(`${year + 1}-01-01`) : seoulInstant(`${year}-${String(q * 3 + 1).padStart(2, '0')}-01`);
}

/**
 * One report per university and ended quarter with a completed course, as submitReport writes it:
 * the snapshot from the same figure functions, computed here from the facts in memory rather than
 * read back through the services. The city has acknowledged all but each university's newest.
 */
export function buildCompletionReports(facts: Facts, now: Date): { reports: ReportFact[]; reviews: ReviewFact[] } {
  const users = new Map(facts.users.map((u) => [String(u._id), u]));
  // As courseQuarter: the quarter of the last session; drafts (never applied to) belong to none.
  const quarterOf = new Map(
    facts.courses.map((c) => [String(c._id), c.status === 'draft' ? null : quarterOfDay(c.sessions.at(-1)!.date)]),
  );
  const rowsByKey = new Map<string, FigureRow[]>();
  const courses = new Map(facts.courses.map((c) => [String(c._id), c]));
  const codes = new Map(facts.universities.map((u) => [String(u._id), u.code]));
  for (const e of facts.enrollments) {
    const quarter = quarterOf.get(String(e.course));
    const course = courses.get(String(e.course))!;
    if (!quarter || !countsInFigures(e, timeline(course.sessions).first)) continue;
    const user = users.get(String(e.trainee))!;
    const key = `${String(e.university)} ${quarter}`;
    const rows = rowsByKey.get(key) ?? [];
    rowsByKey.set(key, rows);
    rows.push({
      traineeId: String(e.trainee),
      traineeName: user.name,
      consent: !!user.trainee?.namedReportingConsent,
      university: codes.get(String(e.university))!,
      courseId: String(course._id),
      courseCode: course.code,
      courseTitle: course.title,
      track: course.track,
      skills: [], // generated courses carry no skill tags
      category: user.trainee?.category ?? 'unknown',
      resident: !!user.trainee?.pohangResident,
      status: e.status as FigureRow['status'],
      hours: trainingHours(course.sessions),
      quarter,
      completedAt: e.status === 'completed' ? e.completion?.decidedAt : undefined,
    });
  }
  const reports: ReportFact[] = [];
  const reviews: ReviewFact[] = [];
  for (const university of facts.universities) {
    const staff = facts.staffOf.get(String(university._id))!;
    const quarters = [
      ...new Set(
        facts.courses
          .filter((c) => String(c.university) === String(university._id) && c.status === 'completed')
          .map((c) => quarterOf.get(String(c._id))),
      ),
    ]
      .filter((q): q is string => !!q && quarterEnd(q) < now)
      .sort();
    for (const [i, quarter] of quarters.entries()) {
      const rows = rowsByKey.get(`${String(university._id)} ${quarter}`) ?? [];
      const submittedAt = new Date(Math.min(quarterEnd(quarter).getTime() + 10 * dayMs, now.getTime()));
      const snapshot = snapshotOf(university, { kind: 'quarter', quarter }, rows, submittedAt);
      const text = canonicalJson(snapshot);
      const report: ReportFact = {
        _id: facts.nextId(),
        university: university._id,
        period: quarter,
        version: 1,
        label: labelOf(snapshot),
        snapshot: text,
        contentHash: sha256(text),
        status: 'submitted',
        submittedBy: staff._id,
        submittedAt,
      };
      if (i < quarters.length - 1) {
        const at = new Date(Math.min(submittedAt.getTime() + 5 * dayMs, now.getTime()));
        Object.assign(report, { status: 'acknowledged', reviewedBy: facts.city._id, reviewedAt: at });
        reviews.push({ report: report._id, decision: 'acknowledged', by: facts.city._id, at });
      }
      reports.push(report);
    }
  }
  return { reports, reviews };
}
