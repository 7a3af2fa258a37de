import { Course, type CourseDoc } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { University } from '../../models/university';
import { User, type TraineeCategory } from '../../models/user';

/**
 * THE period definition, used by university reports, the city dashboard and the exports alike:
 * an enrollment belongs to the quarter (Asia/Seoul calendar) in which the LAST session of its
 * course takes place. A course without sessions, a draft and a cancelled course belong to no period.
 *
 * Which enrollments are counted: those that took a seat — `enrolled` (still in training),
 * `completed`, `not_completed` and `withdrawn`. `pending`, `waitlisted` and `rejected` never
 * took part and are not counted anywhere.
 *
 * Figures of a set of counted enrollments:
 * - enrollments: all counted enrollments; completed / notCompleted / withdrawn / inTraining by status;
 * - completionRate: completed ÷ (completed + notCompleted), i.e. over decided enrollments; null when none is decided;
 * - hours: training hours delivered = Σ course total hours over completed enrollments;
 * - uniqueTrainees: distinct people among the counted enrollments (a person once across universities);
 * - residents: distinct Pohang residents among them; residentCompletions: completed enrollments of residents.
 */
export const countedStatuses = ['enrolled', 'completed', 'not_completed', 'withdrawn'] as const;
const periodCourseStatuses = ['published', 'closed', 'completed'];

export function quarterOfDay(day: string): string {
  const [year, month] = day.split('-').map(Number);
  return `${year}-Q${Math.floor(((month ?? 1) - 1) / 3) + 1}`;
}

export function isQuarter(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-Q[1-4]$/.test(value);
}

/** The quarter a course's enrollments belong to: that of its last session's day. */
export function courseQuarter(course: Pick<CourseDoc, 'sessions' | 'status'>): string | null {
  if (!periodCourseStatuses.includes(course.status) || course.sessions.length === 0) return null;
  const last = course.sessions.map((s) => s.date).sort().at(-1);
  return last ? quarterOfDay(last) : null;
}

/** One counted enrollment with what the figures need, already joined. */
export interface FigureRow {
  enrollmentId: string;
  traineeId: string;
  traineeName: string;
  consent: boolean;
  university: string;
  courseId: string;
  courseCode: string;
  courseTitle: { ko: string; en: string };
  track: string;
  category: TraineeCategory | 'unknown';
  resident: boolean;
  status: (typeof countedStatuses)[number];
  hours: number;
  quarter: string;
  completedAt?: Date;
}

export interface Figures {
  enrollments: number;
  completed: number;
  notCompleted: number;
  withdrawn: number;
  inTraining: number;
  completionRate: number | null;
  hours: number;
  uniqueTrainees: number;
  residents: number;
  residentCompletions: number;
}

export function computeFigures(rows: readonly FigureRow[]): Figures {
  const count = (status: FigureRow['status']) => rows.filter((r) => r.status === status).length;
  const completed = count('completed');
  const notCompleted = count('not_completed');
  return {
    enrollments: rows.length,
    completed,
    notCompleted,
    withdrawn: count('withdrawn'),
    inTraining: count('enrolled'),
    completionRate: completed + notCompleted > 0 ? completed / (completed + notCompleted) : null,
    hours: Math.round(rows.filter((r) => r.status === 'completed').reduce((s, r) => s + r.hours, 0) * 10) / 10,
    uniqueTrainees: new Set(rows.map((r) => r.traineeId)).size,
    residents: new Set(rows.filter((r) => r.resident).map((r) => r.traineeId)).size,
    residentCompletions: rows.filter((r) => r.resident && r.status === 'completed').length,
  };
}

export type BreakdownKey = 'university' | 'track' | 'category' | 'quarter' | 'courseCode';

/** Figures per value of one key, in key order. */
export function breakdown(rows: readonly FigureRow[], key: BreakdownKey): { key: string; figures: Figures }[] {
  const groups = new Map<string, FigureRow[]>();
  for (const r of rows) groups.set(r[key], [...(groups.get(r[key]) ?? []), r]);
  return [...groups.keys()].sort().map((k) => ({ key: k, figures: computeFigures(groups.get(k) ?? []) }));
}

export interface FigureFilter {
  /** A quarter like `2026-Q3`; empty = all periods. */
  quarter?: string;
  /** University id; empty = all. */
  universityId?: string;
  track?: string;
  courseId?: string;
}

/** The counted enrollments matching a filter, joined with their course, trainee and university. */
export async function loadFigureRows(filter: FigureFilter): Promise<FigureRow[]> {
  const courseQuery: Record<string, unknown> = { status: { $in: periodCourseStatuses } };
  if (filter.universityId) courseQuery.university = filter.universityId;
  if (filter.track) courseQuery.track = filter.track;
  if (filter.courseId) courseQuery._id = filter.courseId;
  const courses = (await Course.find(courseQuery).lean<CourseDoc[]>())
    .map((c) => ({ course: c, quarter: courseQuarter(c) }))
    .filter((c): c is { course: CourseDoc; quarter: string } => c.quarter !== null && (!filter.quarter || c.quarter === filter.quarter));
  const byCourse = new Map(courses.map((c) => [String(c.course._id), c]));
  const enrollments = await Enrollment.find({ course: { $in: [...byCourse.keys()] }, status: { $in: countedStatuses } }).lean();
  const users = new Map((await User.find({ _id: { $in: enrollments.map((e) => e.trainee) } }).lean()).map((u) => [String(u._id), u]));
  const universities = new Map((await University.find({}, { code: 1 }).lean()).map((u) => [String(u._id), u.code]));
  return enrollments.map((e) => {
    const { course, quarter } = byCourse.get(String(e.course))!;
    const user = users.get(String(e.trainee));
    return {
      enrollmentId: String(e._id),
      traineeId: String(e.trainee),
      traineeName: user?.name ?? '',
      consent: !!user?.trainee?.namedReportingConsent,
      university: universities.get(String(course.university)) ?? '',
      courseId: String(course._id),
      courseCode: course.code,
      courseTitle: { ko: course.title.ko, en: course.title.en },
      track: course.track,
      category: (user?.trainee?.category as TraineeCategory | undefined) ?? 'unknown',
      resident: !!user?.trainee?.pohangResident,
      status: e.status as FigureRow['status'],
      hours: course.totalHours ?? 0,
      quarter,
      completedAt: e.status === 'completed' ? (e.completion?.decidedAt ?? undefined) : undefined,
    };
  });
}

/** Named completers: completed enrollments of trainees who consent now (figures never need consent). */
export function namedCompleters(rows: readonly FigureRow[]) {
  return rows
    .filter((r) => r.status === 'completed' && r.consent)
    .map((r) => ({ name: r.traineeName, courseCode: r.courseCode, courseTitle: r.courseTitle }))
    .sort((a, b) => (a.courseCode + a.name).localeCompare(b.courseCode + b.name, 'ko'));
}
