import { Attendance, type AttendanceStatus } from '../../models/attendance';
import { CompletionReport } from '../../models/completion-report';
import { Course, type CourseDoc } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { User } from '../../models/user';
import { toActor } from '../services/accounts/auth';
import { announce } from '../services/copies/changes';
import { commitCompletion } from '../services/completion/completion-decide';
import { orderedSessions } from '../services/course-base/access';
import { courseQuarter } from '../services/figures/figures';
import { previewReport, reviewReport, submitReport } from '../services/reports/completion-reports';

export interface CompletionSeedSummary {
  courses: number;
  marks: number;
  certificates: number;
  reports: number;
  acknowledged: number;
}

/** A believable, deterministic attendance pattern: most attend, some are late, every fifth trainee mostly stays away. */
function markFor(trainee: number, session: number, sessions: number): AttendanceStatus {
  if (trainee % 5 === 4) return session % 2 === 0 ? 'absent' : 'present';
  if (trainee % 4 === 1 && session === sessions - 1) return 'late';
  if (trainee % 6 === 2 && session === 0) return 'excused';
  return 'present';
}

/**
 * Demo data for finished courses: every `closed` course whose last session is over gets
 * attendance for its enrolled trainees, assessment scores where required, and its
 * completion (certificates included), decided by a staff member of its university. Then
 * each university with completions submits one report per quarter whose courses are all
 * finished, and the city acknowledges all but the newest. Safe to run twice: finished work
 * is skipped.
 */
export async function seedCompletions(now = new Date()): Promise<CompletionSeedSummary> {
  const summary: CompletionSeedSummary = { courses: 0, marks: 0, certificates: 0, reports: 0, acknowledged: 0 };
  const courses = await Course.find({ status: 'closed', endsAt: { $lt: now } }).lean<CourseDoc[]>();
  for (const course of courses) {
    const staff = await User.findOne({ role: 'university_staff', university: course.university, active: true }).lean();
    if (!staff) continue;
    const sessions = orderedSessions(course);
    const enrollments = (await Enrollment.find({ course: course._id, status: 'enrolled' }).lean()).sort((a, b) =>
      String(a._id).localeCompare(String(b._id)),
    );
    for (const [t, e] of enrollments.entries()) {
      for (const [s, session] of sessions.entries()) {
        const status = markFor(t, s, sessions.length);
        const remark = status === 'excused' ? '병가 (진단서 제출)' : '';
        await Attendance.updateOne(
          { enrollment: e._id, session: session.id },
          { $setOnInsert: { course: course._id, status, remark, recordedBy: staff._id } },
          { upsert: true },
        );
        summary.marks++;
      }
      if (course.completionRule?.assessmentRequired && e.assessmentScore === undefined) {
        await Enrollment.updateOne({ _id: e._id }, { $set: { assessmentScore: 60 + ((t * 7) % 40) } });
      }
    }
    await announce({ fact: 'attendance', course: course._id, enrollments, scores: true });
    const result = await commitCompletion(toActor(staff), String(course._id), {});
    summary.courses++;
    summary.certificates += result.certificates;
  }
  summary.reports += await submitQuarterReports(summary);
  return summary;
}

async function submitQuarterReports(summary: CompletionSeedSummary): Promise<number> {
  const city = await User.findOne({ role: 'city_staff', active: true }).lean();
  const completed = await Course.find({ status: 'completed' }).lean<CourseDoc[]>();
  const byUniversity = new Map<string, Set<string>>();
  for (const c of completed) {
    const q = courseQuarter(c);
    if (q) byUniversity.set(String(c.university), (byUniversity.get(String(c.university)) ?? new Set()).add(q));
  }
  let submitted = 0;
  for (const [universityId, quarters] of byUniversity) {
    const staff = await User.findOne({ role: 'university_staff', university: universityId, active: true }).lean();
    if (!staff) continue;
    const actor = toActor(staff);
    // A quarter is reported once every course in it is completed or cancelled.
    const ordered: string[] = [];
    for (const quarter of [...quarters].sort())
      if ((await previewReport(actor, { kind: 'quarter', quarter })).unfinished.length === 0) ordered.push(quarter);
    for (const [i, quarter] of ordered.entries()) {
      if (await CompletionReport.exists({ university: universityId, period: quarter })) continue;
      const report = await submitReport(actor, { kind: 'quarter', quarter });
      submitted++;
      if (city && i < ordered.length - 1) {
        await reviewReport(toActor(city), String(report._id), 'acknowledged', '');
        summary.acknowledged++;
      }
    }
  }
  return submitted;
}
