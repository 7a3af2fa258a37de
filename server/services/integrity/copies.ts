import type { Types } from 'mongoose';
import { CourseFigures } from '../../../models/course-figures';
import { RosterTrainee } from '../../../models/roster-trainee';
import { TraineeFacts } from '../../../models/trainee-facts';
import { User } from '../../../models/user';
import { findByIds } from '../../lib/find-by-ids';
import { refreshAttendanceSheets, staleSheets } from '../copies/attendance-sheets';
import {
  courseFiguresCurrent,
  refreshCourseFigures,
  refreshTraineeFigures,
  sameFacts,
  traineeFactsOf,
  type Facts,
} from '../copies/course-figures';
import { courseRosterDifference, refreshCourseRoster } from '../copies/course-roster';
import { refreshRosterTrainee, sameColumns, traineeColumnsOf, type TraineeColumns } from '../copies/roster-trainees';
import { count, courseName, eachLimited, groupBy, type Reads, type TraineeRow } from './reads';
import { NotRepaired, type Check, type Difference } from './types';

/*
 * 8. Every derived copy equals its recomputation from the facts (DESIGN.md, "Copies are derived,
 * in one home"). Each copy is compared by its own module's rule and repaired by its own refresh,
 * the one its writers call, so the check never holds a second idea of what the copy should say.
 * Texts name which columns differ, never their values: the periodic job writes them to the log.
 */

/** Courses looked at at once: enough to keep the CLI quick, few enough to leave the engine to the app. */
const parallel = 2;

interface CourseCopyDifference extends Difference {
  course: Types.ObjectId;
}

/** CourseFigures (server/services/copies/course-figures.ts) against `computeFromFacts`. */
export function courseFiguresCheck(reads: Reads): Check<CourseCopyDifference> {
  return {
    name: 'course-figures',
    description: "every course's figures (CourseFigures) equal their recomputation from the course and its enrollments",
    safe: true,
    async find() {
      const [courses, stored] = await Promise.all([reads.courses(), CourseFigures.find({}, { _id: 1 }).lean()]);
      const storedIds = new Set(stored.map((f) => String(f._id)));
      const ids = new Map([...stored, ...courses.values()].map((c) => [String(c._id), c._id as Types.ObjectId]));
      const found: CourseCopyDifference[] = [];
      await eachLimited([...ids.values()], parallel, async (id) => {
        if (await courseFiguresCurrent(id)) return;
        const course = courses.get(String(id));
        found.push({
          check: 'course-figures',
          course: id,
          university: course?.university,
          target: course && { type: 'Course', id },
          text: storedIds.has(String(id))
            ? `${courseName(courses, id)}: its stored figures differ from a recomputation from its enrollments`
            : `${courseName(courses, id)}: it has no stored figures, but its enrollments count in the figures`,
        });
      });
      return found;
    },
    async repair({ course }) {
      await refreshCourseFigures(course);
      if (!(await courseFiguresCurrent(course)))
        throw new NotRepaired('its enrollments kept changing during the refresh; the next check looks again');
    },
  };
}

const columnNames: Record<keyof TraineeColumns, string> = {
  name: 'name',
  email: 'email',
  category: 'category',
  affiliation: 'affiliation',
};

function differingColumns(a: TraineeColumns, b: TraineeColumns): string {
  return (Object.keys(columnNames) as (keyof TraineeColumns)[])
    .filter((k) => a[k] !== b[k])
    .map((k) => columnNames[k])
    .join(', ');
}

interface TraineeCopyDifference extends Difference {
  trainee: Types.ObjectId;
}

/** The account of each id among `ids` that is no trainee's (a copy may outlive a role), looked up by id. */
async function accountsOf(ids: readonly Types.ObjectId[], trainees: Map<string, TraineeRow>) {
  const others = await findByIds(
    User,
    ids.filter((id) => !trainees.has(String(id))),
    { name: 1, email: 1, trainee: 1 },
  );
  return (id: Types.ObjectId): TraineeRow | null => trainees.get(String(id)) ?? others.get(String(id)) ?? null;
}

/** RosterTrainee (server/services/copies/roster-trainees.ts): each row's columns against the trainee's account. */
export function rosterTraineesCheck(reads: Reads): Check<TraineeCopyDifference> {
  return {
    name: 'roster-trainees',
    description: "every roster row's trainee columns (RosterTrainee) equal the trainee's account",
    safe: true,
    async find() {
      const [courses, trainees, rows] = await Promise.all([
        reads.courses(),
        reads.trainees(),
        RosterTrainee.find({}, { course: 1, trainee: 1, name: 1, email: 1, category: 1, affiliation: 1 }).lean(),
      ]);
      const account = await accountsOf(
        rows.map((r) => r.trainee),
        trainees,
      );
      const stale = rows.filter((r) => !sameColumns(traineeColumnsOf(account(r.trainee)), r));
      return [...groupBy(stale, (r) => r.trainee).values()].map((own) => {
        const trainee = own[0]!.trainee;
        const columns = new Set(own.map((r) => differingColumns(traineeColumnsOf(account(trainee)), r)));
        return {
          check: 'roster-trainees',
          trainee,
          target: { type: 'User', id: trainee },
          text: `trainee ${String(trainee)}: ${count(own.length, 'roster row')} (${own.map((r) => courseName(courses, r.course)).join('; ')}) ${own.length === 1 ? 'differs' : 'differ'} from the account in ${[...columns].join('; ')}`,
        };
      });
    },
    async repair({ trainee }) {
      await refreshRosterTrainee(trainee);
    },
  };
}

/** The facts that differ between a stored copy and the account, by name. */
function differingFacts(wanted: Facts, stored: Partial<Record<keyof Facts, unknown>>): string {
  const differ: string[] = [];
  if ((wanted.category ?? null) !== (stored.category ?? null)) differ.push('category');
  if (wanted.pohangResident !== !!stored.pohangResident) differ.push('Pohang residency');
  if ((wanted.reportingName ?? null) !== (stored.reportingName ?? null)) differ.push('name for reports');
  return differ.join(', ');
}

/** TraineeFacts (kept by server/services/copies/course-figures.ts): each trainee's stored facts against the account. */
export function traineeFactsCheck(reads: Reads): Check<TraineeCopyDifference> {
  return {
    name: 'trainee-facts',
    description: "every trainee's facts for the figures (TraineeFacts) equal their account",
    safe: true,
    async find() {
      const [trainees, stored] = await Promise.all([reads.trainees(), TraineeFacts.find({}).lean()]);
      const account = await accountsOf(
        stored.map((f) => f._id as Types.ObjectId),
        trainees,
      );
      return stored.flatMap((facts) => {
        const id = facts._id as Types.ObjectId;
        const user = account(id);
        const wanted = traineeFactsOf(user);
        if (sameFacts(wanted, facts)) return [];
        return [
          {
            check: 'trainee-facts',
            trainee: id,
            target: { type: 'User' as const, id },
            text: user
              ? `trainee ${String(id)}: the facts the figures count by differ from the account in ${differingFacts(wanted, facts)}`
              : `trainee ${String(id)}: facts for the figures are stored, but the account does not exist`,
          },
        ];
      });
    },
    async repair({ trainee }) {
      await refreshTraineeFigures(trainee);
    },
  };
}

interface SheetDifference extends Difference {
  course: Types.ObjectId;
  enrollment: Types.ObjectId;
  trainee?: Types.ObjectId;
}

/** AttendanceSheet (server/services/copies/attendance-sheets.ts): each enrollment's sheet against its Attendance marks. */
export function attendanceSheetsCheck(reads: Reads): Check<SheetDifference> {
  return {
    name: 'attendance-sheets',
    description: "every enrollment's attendance sheet (AttendanceSheet) equals its attendance marks",
    safe: true,
    async find() {
      const courses = await reads.courses();
      const found: SheetDifference[] = [];
      await eachLimited([...courses.values()], parallel, async (course) => {
        for (const s of await staleSheets(course._id))
          found.push({
            check: 'attendance-sheets',
            course: course._id,
            university: course.university,
            enrollment: s.enrollment,
            trainee: s.trainee,
            target: { type: 'Enrollment', id: s.enrollment },
            text:
              `the attendance sheet of enrollment ${String(s.enrollment)} of ${courseName(courses, course._id)} ` +
              (s.sheetMarks === null
                ? `is missing, but it has ${count(s.marks, 'mark')}`
                : `holds ${count(s.sheetMarks, 'mark')}, which differ from its ${count(s.marks, 'attendance mark')}`) +
              (s.trainee ? '' : ' (and the enrollment does not exist)'),
          });
      });
      return found;
    },
    async repair({ course, enrollment, trainee }) {
      if (!trainee)
        throw new NotRepaired('no repair: marks of an enrollment that does not exist are for a person to look at');
      await refreshAttendanceSheets(course, [{ _id: enrollment, trainee }]);
      if ((await staleSheets(course)).some((s) => String(s.enrollment) === String(enrollment)))
        throw new NotRepaired('its marks kept changing during the refresh; the next check looks again');
    },
  };
}

/**
 * CourseRoster (server/services/copies/course-roster.ts) against its recomputation. It runs after
 * the checks of the roster rows and attendance sheets it is computed from, so their repairs come first.
 */
export function courseRostersCheck(reads: Reads): Check<CourseCopyDifference> {
  return {
    name: 'course-rosters',
    description:
      "every course's packed roster (CourseRoster) equals its recomputation from its enrollments, waitlist, roster rows and attendance sheets",
    safe: true,
    async find() {
      const courses = await reads.courses();
      const found: CourseCopyDifference[] = [];
      await eachLimited([...courses.values()], parallel, async (course) => {
        const difference = await courseRosterDifference(course._id);
        if (difference)
          found.push({
            check: 'course-rosters',
            course: course._id,
            university: course.university,
            target: { type: 'Course', id: course._id },
            text: `${courseName(courses, course._id)}: ${difference}`,
          });
      });
      return found;
    },
    async repair({ course }) {
      await refreshCourseRoster(course);
      if (await courseRosterDifference(course))
        throw new NotRepaired('its enrollments or marks kept changing during the refresh; the next check looks again');
    },
  };
}
