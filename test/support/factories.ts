import crypto from 'node:crypto';
import { bySessionStart, Course, type levels, type tracks } from '../../models/course';
import { Attendance } from '../../models/attendance';
import { Enrollment } from '../../models/enrollment';
import { OutcomeRequest } from '../../models/outcome-request';
import { Seat } from '../../models/seat';
import { University } from '../../models/university';
import { User, type Role, type TraineeCategory } from '../../models/user';
import type { Actor } from '../../server/auth/actor';
import { hashPassword } from '../../server/auth/passwords';
import { findActor } from '../../server/services/accounts/auth';
import { refreshCourseFigures } from '../../server/services/copies/course-figures';
import { announce } from '../../server/services/copies/changes';
import { seoulDayOf } from '../../server/lib/calendar';
import { followUpConsentVersion, privacyConsentVersion } from '../../server/services/accounts/consent';

export const defaultPassword = 'correct horse battery staple';

let passwordHash: Promise<string> | undefined;
/** Hashing is deliberately slow; every factory user shares one hash of the default password. */
function defaultHash(): Promise<string> {
  passwordHash ??= hashPassword(defaultPassword);
  return passwordHash;
}

export async function universityId(code: string): Promise<string> {
  const university = await University.findOne({ code }).lean();
  if (!university) throw new Error(`no university ${code}: is the seed loaded?`);
  return String(university._id);
}

export interface UserSpec {
  role?: Role;
  university?: string;
  name?: string;
  email?: string;
  category?: TraineeCategory;
  pohangResident?: boolean;
  consent?: boolean;
  followUp?: boolean;
  locale?: 'ko' | 'en';
}

async function createUser(spec: UserSpec = {}) {
  const role = spec.role ?? 'trainee';
  const suffix = crypto.randomBytes(4).toString('hex');
  return User.create({
    email: spec.email ?? `${role}-${suffix}@example.kr`,
    passwordHash: await defaultHash(),
    name: spec.name ?? `테스트 ${role} ${suffix}`,
    role,
    locale: spec.locale ?? 'ko',
    university: spec.university ? await universityId(spec.university) : undefined,
    trainee:
      role === 'trainee'
        ? {
            category: spec.category ?? 'job_seeker',
            affiliation: '포항',
            pohangResident: spec.pohangResident ?? true,
            namedReportingConsent: spec.consent ?? false,
            namedReportingConsentAt: spec.consent ? new Date() : undefined,
            followUp: spec.followUp
              ? { given: true, at: new Date(), version: followUpConsentVersion }
              : { given: false },
          }
        : undefined,
    ...(role === 'trainee'
      ? { privacyConsent: { version: privacyConsentVersion, at: new Date() }, lastActiveDay: seoulDayOf(Date.now()) }
      : {}),
  });
}

/** The actor of a factory user, as the app builds it for a signed-in request (services take one). */
export async function actorOf(user: { _id: unknown }): Promise<Actor> {
  const actor = await findActor(String(user._id));
  if (!actor) throw new Error('no actor');
  return actor;
}

const createTrainee = (spec: Omit<UserSpec, 'role'> = {}) => createUser({ ...spec, role: 'trainee' });
const createStaff = (university: string, spec: Omit<UserSpec, 'role' | 'university'> = {}) =>
  createUser({ ...spec, role: 'university_staff', university });
const createCityStaff = (spec: Omit<UserSpec, 'role'> = {}) => createUser({ ...spec, role: 'city_staff' });

export interface CourseSpec {
  university?: string;
  code?: string;
  title?: { ko: string; en: string };
  summary?: { ko: string; en: string };
  instructors?: string[];
  level?: (typeof levels)[number];
  status?: 'draft' | 'published' | 'closed' | 'completed' | 'cancelled';
  capacity?: number;
  track?: (typeof tracks)[number];
  mode?: 'offline' | 'online' | 'hybrid';
  /** Session days as YYYY-MM-DD; by default three days starting 30 days from now. */
  days?: string[];
  /** Every session's hours; by default 09:00–12:00. */
  hours?: { start: string; end: string };
  approvalRequired?: boolean;
  eligibleCategories?: TraineeCategory[];
  opensAt?: Date;
  closesAt?: Date;
  completionRule?: Partial<{
    minAttendanceRate: number;
    assessmentRequired: boolean;
    passScore: number;
    latesPerAbsence: number;
    excusedCountsAsAttended: boolean;
  }>;
}

export function dayFromNow(days: number): string {
  return seoulDayOf(Date.now() + days * 24 * 3600 * 1000);
}

/** A course written straight to the database (no service rules), for tests that need one to exist. */
async function createCourse(spec: CourseSpec = {}) {
  const suffix = crypto.randomBytes(3).toString('hex').toUpperCase();
  const days = spec.days ?? [dayFromNow(30), dayFromNow(31), dayFromNow(32)];
  const course = await Course.create({
    university: await universityId(spec.university ?? 'postech'),
    code: spec.code ?? `T-${suffix}`,
    title: spec.title ?? { ko: `양극재 기초 ${suffix}`, en: `Cathode basics ${suffix}` },
    summary: spec.summary ?? { ko: '요약', en: 'Summary' },
    track: spec.track ?? 'materials',
    mode: spec.mode ?? 'offline',
    venue: '포항가속기연구소',
    instructors: spec.instructors ?? ['홍길동'],
    level: spec.level ?? 'beginner',
    sessions: days.map((date, i) => ({
      date,
      ...(spec.hours ?? { start: '09:00', end: '12:00' }),
      topic: `세션 ${i + 1}`,
    })),
    capacity: spec.capacity ?? 20,
    enrolmentOpensAt: spec.opensAt ?? new Date(Date.now() - 24 * 3600 * 1000),
    enrolmentClosesAt: spec.closesAt ?? new Date(Date.now() + 20 * 24 * 3600 * 1000),
    approvalRequired: spec.approvalRequired ?? false,
    eligibleCategories: spec.eligibleCategories ?? ['student', 'job_seeker', 'employee'],
    completionRule: spec.completionRule ?? {},
    status: spec.status ?? 'published',
  });
  await refreshCourseFigures(course._id);
  return course;
}

export type CreatedStatus =
  'pending' | 'enrolled' | 'waitlisted' | 'withdrawn' | 'rejected' | 'completed' | 'not_completed';

/**
 * An enrollment written straight to the database; seat-holding statuses also take a seat, and a
 * withdrawal is dated now (a dropout for a course that has started). The copies are refreshed as the services do.
 */
async function createEnrollment(
  course: { _id: unknown; university: unknown },
  trainee: { _id: unknown },
  status: CreatedStatus = 'enrolled',
) {
  const withdrawnAt = status === 'withdrawn' ? new Date() : undefined;
  const enrollment = await Enrollment.create({
    course: course._id,
    trainee: trainee._id,
    university: course.university,
    status,
    appliedAt: new Date(),
    withdrawnAt,
  });
  if (['enrolled', 'completed', 'not_completed'].includes(status)) {
    const taken = await Seat.countDocuments({ course: course._id });
    await Seat.create({ course: course._id, seatNo: taken + 1, trainee: trainee._id, enrollment: enrollment._id });
  }
  await announce({ fact: 'enrollment-status', course: String(course._id), from: null, to: status });
  return enrollment;
}

/** Attendance marks for one enrollment, one per session in order (statuses as in models/attendance), and its sheet as the services write it. */
async function recordMarks(
  course: { _id: unknown; sessions: { _id: unknown; date: string; start: string }[] },
  enrollment: { _id: unknown },
  statuses: ('present' | 'late' | 'left_early' | 'excused' | 'absent')[],
) {
  const sessions = [...course.sessions].sort(bySessionStart);
  for (const [i, status] of statuses.entries()) {
    const session = sessions[i];
    if (!session) throw new Error(`course has only ${sessions.length} sessions`);
    await Attendance.create({
      enrollment: enrollment._id,
      course: course._id,
      session: session._id,
      status,
      remark: status === 'excused' ? '병가' : '',
    });
  }
  const owner = await Enrollment.findById(enrollment._id, { trainee: 1 }).lean();
  if (owner) await announce({ fact: 'attendance', course: String(course._id), enrollments: [owner] });
}

/** `n` consecutive days starting `from` (YYYY-MM-DD). */
export function days(from: string, n: number): string[] {
  const start = new Date(`${from}T00:00:00Z`).getTime();
  return Array.from({ length: n }, (_v, i) => new Date(start + i * 24 * 3600 * 1000).toISOString().slice(0, 10));
}

/** The follow-up round (3 months unless said) a completed enrollment's trainee was asked, asked now. */
async function askFollowUp(
  enrollment: { _id: unknown; trainee: unknown; course: unknown; university: unknown },
  round: 3 | 6 = 3,
) {
  const { _id, trainee, course, university } = enrollment;
  return OutcomeRequest.create({ enrollment: _id, trainee, course, university, round, askedAt: new Date() });
}

/**
 * Records written straight to the database for tests, past the services' rules:
 * `make.trainee()`, `make.course({ status: 'closed' })`, `make.enrollment(course, trainee, 'completed')`.
 */
export const make = {
  user: createUser,
  trainee: createTrainee,
  staff: createStaff,
  cityStaff: createCityStaff,
  course: createCourse,
  enrollment: createEnrollment,
  marks: recordMarks,
  askedFollowUp: askFollowUp,
};
