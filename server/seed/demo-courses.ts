import { FormError } from '../errors';
import { Course, tracks, type CourseStatus } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { University } from '../../models/university';
import { User, traineeCategories } from '../../models/user';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { dayMs } from '../lib/clock';
import { followUpConsentVersion } from '../services/accounts/consent';
import { demoPrivacyConsent } from './accounts';
import { seoulDayOf } from '../lib/calendar';
import { toActor } from '../services/accounts/auth';
import { cancelCourse, closeCourse, publishCourse } from '../services/courses/lifecycle';
import { createCourse } from '../services/courses/manage';
import { applyToCourse } from '../services/applications/apply';
import { approveEnrollment, withdrawEnrollment } from '../services/applications/application-decide';
import { Skill } from '../../models/skill';
import { demoCatalog } from './course-catalog';

const count = 40;

/** `YYYY-MM-DD` in Asia/Seoul, `offset` days from now. */
function seoulDay(offset: number, now: number): string {
  return seoulDayOf(now + offset * dayMs);
}

/** What each demo course becomes: most are open, the rest cover every other state. */
function plan(i: number): { status: CourseStatus; start: number; opensIn: number; closesIn: number } {
  switch (i % 10) {
    // Finished last quarter, or over 200 days back: the older ones give the city acknowledged reports beside
    // the last quarter's new ones (the current quarter still has courses running, so it is not reported yet).
    case 5:
      return { status: 'completed', start: i % 20 === 5 ? -110 : -230, opensIn: -260, closesIn: -235 };
    case 6:
      return { status: 'published', start: 40, opensIn: 7, closesIn: 30 };
    // Every twentieth closed course is in progress (started three days ago), for attendance demos.
    case 7:
      return { status: 'closed', start: i % 20 === 17 ? -3 : 6, opensIn: -20, closesIn: -4 };
    case 8:
      return { status: 'draft', start: 45, opensIn: 10, closesIn: 35 };
    // Finished last quarter (its last session over 100 days back, so never in the current quarter).
    case 9:
      return i % 20 === 9
        ? { status: 'cancelled', start: 20, opensIn: -5, closesIn: 15 }
        : { status: 'completed', start: -110, opensIn: -140, closesIn: -115 };
    default:
      return { status: 'published', start: 14 + (i % 5) * 6, opensIn: -10, closesIn: 10 + (i % 5) * 5 };
  }
}

/**
 * Morning, afternoon or evening: each course's sessions move through the three, so courses on the
 * same days mostly meet at different hours and learners can take several (a timetable clash is refused).
 */
function timeSlot(n: number): { start: string; end: string } {
  return (
    [
      { start: '09:30', end: '12:30' },
      { start: '13:30', end: '17:00' },
      { start: '19:00', end: '22:00' },
    ] as const
  )[n % 3]!;
}

async function demoLearnerActors(): Promise<Actor[]> {
  const passwordHash = await hashPassword(`learner-${Date.now()}-${Math.random()}`);
  const users = await User.insertMany(
    demoCatalog.learners.map((name, i) => ({
      email: `learner${String(i + 1).padStart(2, '0')}@learners.demo.kr`,
      name,
      role: 'trainee',
      passwordHash,
      locale: 'ko',
      trainee: {
        category: traineeCategories[i % 3],
        affiliation: ['포항공대', '한동대', '포항시 북구', '포스코퓨처엠', '에코프로BM'][i % 5],
        pohangResident: i % 3 !== 2,
        namedReportingConsent: i % 2 === 0,
        namedReportingConsentAt: i % 2 === 0 ? new Date() : undefined,
        // Most demo learners agreed to the follow-up, so the city's outcome figures have answers.
        followUp: i % 5 === 4 ? { given: false } : { given: true, at: new Date(), version: followUpConsentVersion },
      },
      ...demoPrivacyConsent(),
    })),
  );
  return users.map((u) => toActor(u));
}

/**
 * About forty courses across the eight universities and seven tracks, in every lifecycle state,
 * made through the same services staff and trainees use; dates are relative to now, so the demo
 * stays fresh. Learners' accounts get an unguessable password: they exist to fill rosters.
 */
export async function seedDemoCourses(now = Date.now()): Promise<number> {
  const universities = await University.find().sort({ order: 1 }).lean();
  const staff = new Map(
    (await User.find({ role: 'university_staff' }).lean()).map((u) => [String(u.university), toActor(u)]),
  );
  const learners = await demoLearnerActors();
  const demoTrainee = await User.findOne({ email: 'trainee@demo.kr' }).lean();
  const trainee = demoTrainee && toActor(demoTrainee);
  const skillIds = new Map((await Skill.find({}, { code: 1 }).lean()).map((s) => [s.code, String(s._id)]));

  const { venues, instructors } = demoCatalog;
  for (let i = 0; i < count; i++) {
    const university = universities[i % universities.length]!;
    const actor = staff.get(String(university._id));
    if (!actor) continue;
    const track = tracks[i % tracks.length]!;
    const variants = demoCatalog.titles[track];
    const { title, summary } = variants[Math.floor(i / tracks.length) % variants.length]!;
    const p = plan(i);
    const sessionCount = 3 + (i % 4);
    const course = await createCourse(actor, {
      code: `${university.code.toUpperCase()}-${track.replace('_', '').toUpperCase().slice(0, 6)}-${String(i + 1).padStart(2, '0')}`,
      title,
      summary,
      description: {
        ko: `${summary.ko} 포항시 이차전지 인재 양성 프로그램 과정으로, 수료 시 수료증이 발급됩니다.`,
        en: `${summary.en} Part of Pohang's battery talent programme; completers receive a certificate.`,
      },
      track,
      skills: demoCatalog.skillsByTrack[track].flatMap((code) => skillIds.get(code) ?? []),
      level: (['beginner', 'intermediate', 'advanced'] as const)[i % 3]!,
      mode: (['offline', 'offline', 'hybrid', 'online'] as const)[i % 4]!,
      venue: venues[i % venues.length]!,
      instructors: [instructors[i % instructors.length]!, instructors[(i + 3) % instructors.length]!],
      sessions: Array.from({ length: sessionCount }, (_v, s) => ({
        id: undefined,
        date: seoulDay(Math.max(p.start, 3) + s * 2, now),
        ...timeSlot(i + s),
        topic: `${s + 1}주차 · ${title.ko}`,
      })),
      capacity: i % 5 === 0 ? 6 : 15 + (i % 4) * 5,
      enrolmentOpensAt: new Date(now + p.opensIn * dayMs),
      enrolmentClosesAt: new Date(now + p.closesIn * dayMs),
      approvalRequired: i % 6 === 1,
      eligibleCategories: i % 7 === 3 ? ['student', 'job_seeker'] : [...traineeCategories],
      completionRule: {
        minAttendanceRate: 0.8,
        assessmentRequired: i % 3 === 0,
        passScore: 60 + (i % 3) * 5,
        latesPerAbsence: 3,
        excusedCountsAsAttended: true,
      },
      checkInGraceMinutes: 10,
    });
    const id = String(course._id);
    if (p.status === 'draft') continue;
    // Closed, cancelled and completed courses were open once: publish with a window that is open now, take
    // applications, then move on (past courses start out in the future and move back in time afterwards).
    if (p.status !== 'published' || p.opensIn > 0)
      await Course.updateOne(
        { _id: course._id },
        { $set: { enrolmentOpensAt: new Date(now - dayMs), enrolmentClosesAt: new Date(now + dayMs) } },
      );
    await publishCourse(actor, id);
    if (p.opensIn <= 0) await takeApplications(i, id, actor, learners, trainee);
    await Course.updateOne(
      { _id: course._id },
      {
        $set: {
          enrolmentOpensAt: new Date(now + p.opensIn * dayMs),
          enrolmentClosesAt: new Date(now + p.closesIn * dayMs),
        },
      },
    );
    // A finished course is closed here; the completions seed then decides it through the completion service.
    if (p.status === 'closed' || p.status === 'completed') await closeCourse(actor, id);
    if (p.status === 'cancelled') await cancelCourse(actor, id, '강사 사정으로 개설이 취소되었습니다.');
    if (p.start < 0) await moveBackInTime(course._id, p, now);
  }
  return count;
}

/** Demo applications: some courses fill up and keep a waitlist, approval courses get some approved, one learner withdraws. */
async function takeApplications(i: number, id: string, staff: Actor, learners: Actor[], trainee: Actor | null) {
  const applicants = i % 5 === 0 ? 8 : (i % 4) + 1;
  for (let n = 0; n < applicants; n++) {
    const learner = learners[(i + n) % learners.length]!;
    // A refusal (a category the course is not open to, a timetable clash) skips the learner.
    const result = await applyToCourse(learner, id).catch((err: unknown) => {
      if (err instanceof FormError) return null;
      throw err;
    });
    if (!result) continue;
    if (result.status === 'pending' && n % 2 === 0) await approveEnrollment(staff, result.enrollmentId);
  }
  if (i === 10) {
    const first = learners[i % learners.length]!;
    await withdrawEnrollment(first, (await enrollmentOf(first, id))!);
  }
  // The demo trainee has something in every state: enrolled, pending approval, waitlisted.
  if (trainee && [0, 1, 3, 9].includes(i)) await applyToCourse(trainee, id);
}

async function enrollmentOf(learner: Actor, course: string): Promise<string | undefined> {
  const enrollment = await Enrollment.findOne({ course, trainee: learner.id }).lean();
  return enrollment ? String(enrollment._id) : undefined;
}

/** A course that started (or ran) in the past: its sessions move back in time. */
async function moveBackInTime(id: unknown, { start }: ReturnType<typeof plan>, now: number): Promise<void> {
  const course = await Course.findById(id);
  if (!course) return;
  course.sessions.forEach((s, n) => {
    s.date = seoulDay(start + n * 2, now);
  });
  course.enrolmentOpensAt = new Date(now + (start - 30) * dayMs);
  course.enrolmentClosesAt = new Date(now + (start - 5) * dayMs);
  await course.save();
}
