import type { CourseDoc } from '../../../models/course';
import type { TraineeCategory } from '../../../models/user';

/**
 * THE period definition, used by university reports, the city dashboard and the exports alike:
 * an enrollment belongs to the quarter (Asia/Seoul calendar) in which the LAST session of its
 * course takes place. A course without sessions, a draft and a cancelled course belong to no period.
 *
 * Which enrollments are counted: those that took part — `enrolled` (still in training),
 * `completed`, `not_completed` (a completion whose certificate was revoked is one) and `withdrawn`
 * after the course had started (a dropout). `pending`, `waitlisted`, `rejected`, `lapsed` and a
 * withdrawal before the start never took part and are not counted anywhere.
 *
 * Figures of a set of counted enrollments:
 * - enrollments: all counted enrollments; completed / notCompleted / withdrawn (dropouts) / inTraining by status;
 * - completionRate: completed ÷ (completed + notCompleted), i.e. over decided enrollments; null when none is decided;
 * - hours: training hours delivered = Σ course total hours over completed enrollments;
 * - uniqueTrainees: distinct people among the counted enrollments (a person once across universities);
 * - residents: distinct Pohang residents among them; residentCompletions: completed enrollments of residents.
 */
export const countedStatuses = ['enrolled', 'completed', 'not_completed', 'withdrawn'] as const;
const periodCourseStatuses = ['published', 'closed', 'completed'];

/** Whether an enrollment of a course starting at `courseStartsAt` is counted (see above). */
export function countsInFigures(
  enrollment: { status: string; withdrawnAt?: Date | null },
  courseStartsAt: Date | null | undefined,
): boolean {
  if (!(countedStatuses as readonly string[]).includes(enrollment.status)) return false;
  return (
    enrollment.status !== 'withdrawn' ||
    (!!enrollment.withdrawnAt && !!courseStartsAt && enrollment.withdrawnAt >= courseStartsAt)
  );
}

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
  const last = course.sessions
    .map((s) => s.date)
    .sort()
    .at(-1);
  return last ? quarterOfDay(last) : null;
}

/** One counted enrollment with what the figures need, already joined (read from copies/course-figures). */
export interface FigureRow {
  traineeId: string;
  traineeName: string;
  consent: boolean;
  university: string;
  courseId: string;
  courseCode: string;
  courseTitle: { ko: string; en: string };
  track: string;
  /** Skill ids the course is tagged with. */
  skills: readonly string[];
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
  const byStatus = { enrolled: 0, completed: 0, not_completed: 0, withdrawn: 0 };
  const trainees = new Set<string>();
  const residents = new Set<string>();
  let hours = 0;
  let residentCompletions = 0;
  for (const r of rows) {
    byStatus[r.status]++;
    trainees.add(r.traineeId);
    if (r.resident) residents.add(r.traineeId);
    if (r.status === 'completed') {
      hours += r.hours;
      if (r.resident) residentCompletions++;
    }
  }
  const { completed, not_completed: notCompleted } = byStatus;
  return {
    enrollments: rows.length,
    completed,
    notCompleted,
    withdrawn: byStatus.withdrawn,
    inTraining: byStatus.enrolled,
    completionRate: completed + notCompleted > 0 ? completed / (completed + notCompleted) : null,
    hours: Math.round(hours * 10) / 10,
    uniqueTrainees: trainees.size,
    residents: residents.size,
    residentCompletions,
  };
}

export type BreakdownKey = 'university' | 'track' | 'category' | 'quarter' | 'courseCode';

/** Figures per value of one key, in key order. */
export function breakdown(rows: readonly FigureRow[], key: BreakdownKey): { key: string; figures: Figures }[] {
  const groups = new Map<string, FigureRow[]>();
  for (const r of rows) {
    const group = groups.get(r[key]);
    if (group) group.push(r);
    else groups.set(r[key], [r]);
  }
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

/** Named completers: completed enrollments of trainees who consent now (figures never need consent). */
export function namedCompleters(rows: readonly FigureRow[]) {
  return rows
    .filter((r) => r.status === 'completed' && r.consent)
    .map((r) => ({ name: r.traineeName, courseCode: r.courseCode, courseTitle: r.courseTitle }))
    .sort((a, b) => (a.courseCode + a.name).localeCompare(b.courseCode + b.name, 'ko'));
}
