import { Types } from 'mongoose';
import { Course, type CourseDoc, type levels, type modes, type Track } from '../../../models/course';
import type { LocalizedText } from '../../../models/localized-text';
import type { TraineeCategory } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { scopeFor } from '../../auth/policy';
import { FormError, NotFoundError } from '../../errors';
import type { CountingRule } from '../attendance/rate';
import { recordAudit } from '../audit/record';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { settlePlaces } from '../allocation/submit';
import { countSeats } from '../enrollment/seats';
import { loadCourseFor } from '../course-base/access';
import { writeAnnounced } from '../copies/changes';
import { withCounts } from './counts';
import { publishProblems } from './rules';
import { shownStatus } from './catalog';
import { checkCourseSkills } from './skills';
import { noteScheduleChange } from '../notifications/schedule-change';

/** A course as staff write it: the model's fields; `id` names a stored session kept by an edit. */
export interface CourseInput {
  code: string;
  title: LocalizedText;
  summary: LocalizedText;
  description: LocalizedText;
  track: Track;
  /** Skill ids from the city's list (courses/skills.ts). */
  skills: string[];
  level: (typeof levels)[number];
  mode: (typeof modes)[number];
  venue: string;
  instructors: string[];
  sessions: { id?: string; date: string; start: string; end: string; topic: string }[];
  capacity: number;
  enrolmentOpensAt?: Date;
  enrolmentClosesAt?: Date;
  approvalRequired: boolean;
  eligibleCategories: TraineeCategory[];
  completionRule: CountingRule;
  checkInGraceMinutes: number;
}

/** The staff member's own university's courses, newest start first, with seat and waitlist counts. */
export async function listManagedCourses(actor: Actor) {
  const courses = await Course.find(scopeFor(actor)).sort({ startsAt: -1, createdAt: -1 }).lean<CourseDoc[]>();
  const now = new Date();
  return (await withCounts(courses)).map((c) => ({ ...c, shownStatus: shownStatus(c, now) }));
}

/** Keeps the _id of each session the form still lists (attendance refers to it); new rows get new ids. */
function sessionsWithIds(input: CourseInput, existing: readonly { _id: Types.ObjectId }[] = []) {
  const known = new Set(existing.map((s) => String(s._id)));
  return input.sessions.map(({ id, ...s }) => ({
    ...s,
    _id: id && known.has(id) ? new Types.ObjectId(id) : new Types.ObjectId(),
  }));
}

/** The fields of a course that the form edits, to audit what an edit changed. */
function edited(course: CourseDoc, input: CourseInput): Record<string, unknown> {
  return Object.fromEntries(Object.keys(input).map((k) => [k, course[k as keyof CourseDoc]]));
}

function rethrowDuplicateCode(err: unknown): never {
  if (isDuplicateKey(err)) throw new FormError({ code: 'manage.form.errors.codeTaken' });
  throw err;
}

export async function createCourse(actor: Actor, input: CourseInput): Promise<CourseDoc> {
  if (actor.role !== 'university_staff' || !actor.universityId) throw new NotFoundError();
  await checkCourseSkills(input.skills);
  const course = await Course.create({
    ...input,
    sessions: sessionsWithIds(input),
    university: actor.universityId,
    status: 'draft',
    createdBy: actor.id,
  }).catch(rethrowDuplicateCode);
  await recordAudit({
    actor,
    action: 'course.create',
    target: { type: 'Course', id: course._id },
    university: course.university,
    after: { code: course.code, status: 'draft' },
  });
  return course.toObject();
}

/** A course as its own university's staff edit it: another university's course is a 404. */
export function getManagedCourse(actor: Actor, id: string): Promise<CourseDoc> {
  return loadCourseFor(actor, id, 'course:write');
}

/** Saves an edit; a published course must keep satisfying the publishing rules, and capacity never drops below the seats taken. */
export async function updateCourse(actor: Actor, id: string, input: CourseInput): Promise<CourseDoc> {
  const current = await loadCourseFor(actor, id, 'course:write');
  if (current.status === 'completed' || current.status === 'cancelled')
    throw new FormError({ _form: 'manage.errors.notEditable' });
  if (input.capacity < (await countSeats(current._id)))
    throw new FormError({ capacity: 'manage.form.errors.capacityBelowSeats' });
  await checkCourseSkills(input.skills, current.skills);
  const course = await Course.findById(current._id);
  if (!course) throw new NotFoundError();
  course.set({ ...input, sessions: sessionsWithIds(input, current.sessions) });
  await course.validate();
  if (course.status !== 'draft') {
    const problems = publishProblems(course);
    if (Object.keys(problems).length) throw new FormError(problems);
  }
  // Noted ahead of the save, so a stop after it still tells the trainees; a save refused after the
  // note leaves a schedule that matches the course, which the job drops without telling anyone.
  await noteScheduleChange(actor, current, course);
  await writeAnnounced({ fact: 'course', course: course._id }, () => course.save().catch(rethrowDuplicateCode));
  const saved = course.toObject() as CourseDoc;
  await recordAudit({
    actor,
    action: 'course.update',
    target: { type: 'Course', id: course._id },
    university: course.university,
    changed: { from: edited(current, input), to: edited(saved, input) },
  });
  if (saved.capacity > current.capacity) await settlePlaces(saved._id, actor);
  return saved;
}
