import type { Types } from 'mongoose';
import type { AttendanceStatus } from '../models/attendance';
import { levels, modes, seoulTime, trainingHours, tracks, type CourseStatus, type Track } from '../models/course';
import type { EnrollmentStatus } from '../models/enrollment';
import type { LocalizedText } from '../models/localized-text';
import { traineeCategories, type TraineeCategory } from '../models/user';
import { seoulDayOf } from '../server/lib/calendar';
import { decideCompletion, ruleOf } from '../server/services/attendance/rate';
import { certificatePrefix } from '../server/services/certificates/issue';
import { consentVersion } from '../server/services/accounts/consent';
import type { CourseInput } from '../server/services/courses/manage';
import { idFactory, Prng } from './prng';
import type { Size } from './sizes';
import { dayMs } from '../server/lib/clock';

/**
 * The primary facts of a programme of a given size, built in memory with the shapes the
 * services write: courses over five years (ended, running, upcoming), trainees, enrollments
 * with their status history, seats, waitlist places, attendance for the sessions already held,
 * completion decided on ended courses with certificates for those who completed.
 * Nothing here touches the database; see generate.ts.
 */

const excusedRemark = '병가 (진단서 제출)';

export interface UniversityRef {
  _id: Types.ObjectId;
  code: string;
  name: LocalizedText;
}

interface Session {
  _id: Types.ObjectId;
  date: string;
  start: string;
  end: string;
  topic: string;
}

/** A course as the services store it: the fields staff write (CourseInput), and what the app adds. */
export interface CourseFact extends Omit<CourseInput, 'sessions' | 'enrolmentOpensAt' | 'enrolmentClosesAt'> {
  _id: Types.ObjectId;
  university: Types.ObjectId;
  sessions: Session[];
  enrolmentOpensAt: Date;
  enrolmentClosesAt: Date;
  status: CourseStatus;
  publishedAt?: Date;
  completedAt?: Date;
  createdBy: Types.ObjectId;
}

export interface UserFact {
  _id: Types.ObjectId;
  email: string;
  passwordHash: string;
  passwordChangedAt: Date;
  name: string;
  role: 'trainee' | 'university_staff' | 'city_staff';
  university?: Types.ObjectId;
  locale: 'ko';
  /** A trainee's last sign-in day, as registration and sign-in keep it (the retention job reads it). */
  lastActiveDay?: string;
  trainee?: {
    category: TraineeCategory;
    affiliation: string;
    pohangResident: boolean;
    namedReportingConsent: boolean;
    namedReportingConsentAt?: Date;
    namedReportingConsentVersion?: string;
  };
}

export interface EnrollmentFact {
  _id: Types.ObjectId;
  course: Types.ObjectId;
  trainee: Types.ObjectId;
  university: Types.ObjectId;
  status: EnrollmentStatus;
  seq: number;
  appliedAt: Date;
  assessmentScore?: number;
  completion?: {
    decidedAt: Date;
    decidedBy: Types.ObjectId;
    ruleOutcome: 'completed' | 'not_completed';
    attendanceRate: number;
  };
}

export interface EventFact {
  enrollment: Types.ObjectId;
  course: Types.ObjectId;
  /** On the step that created the enrollment. */
  trainee?: Types.ObjectId;
  seq: number;
  from: EnrollmentStatus | null;
  to: EnrollmentStatus;
  at: Date;
  by: Types.ObjectId;
  reason?: string;
}

export interface Facts {
  universities: UniversityRef[];
  courses: CourseFact[];
  users: UserFact[];
  enrollments: EnrollmentFact[];
  events: EventFact[];
  seats: {
    course: Types.ObjectId;
    seatNo: number;
    trainee: Types.ObjectId;
    enrollment: Types.ObjectId;
    takenAt: Date;
  }[];
  waitlist: {
    course: Types.ObjectId;
    position: number;
    trainee: Types.ObjectId;
    enrollment: Types.ObjectId;
    joinedAt: Date;
  }[];
  attendance: {
    enrollment: Types.ObjectId;
    course: Types.ObjectId;
    session: Types.ObjectId;
    status: AttendanceStatus;
    remark: string;
    recordedBy: Types.ObjectId;
    recordedAt: Date;
  }[];
  certificates: {
    number: string;
    code: string;
    enrollment: Types.ObjectId;
    course: Types.ObjectId;
    trainee: Types.ObjectId;
    university: Types.ObjectId;
    issuedAt: Date;
    issuedBy: Types.ObjectId;
    hours: number;
    traineeName: string;
    courseTitle: LocalizedText;
    universityName: LocalizedText;
  }[];
  /** Courses of exactly 60 enrolled trainees, running now (sessions held and to come): the roster scenario. */
  rosterCourses: CourseFact[];
  staffOf: Map<string, UserFact>;
  city: UserFact;
  nextId: () => Types.ObjectId;
}

/** Course subjects per track, in Korean and English. */
const topics: Record<Track, { ko: string; en: string }[]> = {
  materials: [
    { ko: '양극재 합성', en: 'Cathode synthesis' },
    { ko: '음극재 설계', en: 'Anode design' },
    { ko: '고니켈 양극재', en: 'High-nickel cathodes' },
    { ko: '실리콘 음극', en: 'Silicon anodes' },
  ],
  cell: [
    { ko: '셀 설계', en: 'Cell design' },
    { ko: '전극 공정', en: 'Electrode process' },
    { ko: '조립 공정', en: 'Assembly process' },
    { ko: '화성 공정', en: 'Formation' },
  ],
  pack_bms: [
    { ko: 'BMS 알고리즘', en: 'BMS algorithms' },
    { ko: '팩 설계', en: 'Pack design' },
    { ko: '열관리', en: 'Thermal management' },
    { ko: 'SOC 추정', en: 'SOC estimation' },
  ],
  safety_testing: [
    { ko: '안전성 평가', en: 'Safety assessment' },
    { ko: '열폭주 시험', en: 'Thermal runaway tests' },
    { ko: '인증 시험', en: 'Certification tests' },
    { ko: '신뢰성 분석', en: 'Reliability analysis' },
  ],
  analysis: [
    { ko: '전기화학 분석', en: 'Electrochemical analysis' },
    { ko: '소재 분석', en: 'Materials analysis' },
    { ko: '열분석', en: 'Thermal analysis' },
    { ko: '미세구조 분석', en: 'Microstructure analysis' },
  ],
  recycling: [
    { ko: '폐배터리 재활용', en: 'Battery recycling' },
    { ko: '습식 제련', en: 'Hydrometallurgy' },
    { ko: '재사용 평가', en: 'Second-life assessment' },
    { ko: '리튬 회수', en: 'Lithium recovery' },
  ],
  data_ai: [
    { ko: '배터리 데이터 분석', en: 'Battery data analytics' },
    { ko: '수명 예측 AI', en: 'Lifetime prediction AI' },
    { ko: '공정 데이터', en: 'Process data' },
    { ko: '디지털 트윈', en: 'Digital twins' },
  ],
};
const surnames = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오'];
const syllables = ['민', '서', '지', '현', '우', '준', '영', '수', '하', '은', '도', '연', '재', '유', '진', '성'];
const affiliations: Record<TraineeCategory, string[]> = {
  student: ['포스텍', '한동대학교', '위덕대학교', '포항대학교'],
  job_seeker: ['', '포항시 고용센터'],
  employee: ['에코프로비엠', '포스코퓨처엠', 'GS건설', '중소기업'],
};
const slots = [
  ['09:00', '13:00'],
  ['14:00', '18:00'],
  ['19:00', '22:00'],
] as const;

function earliest(...dates: Date[]): Date {
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}

interface Timeline {
  first: Date;
  last: Date;
}

export function timeline(sessions: Session[]): Timeline {
  return {
    first: seoulTime(sessions[0]!.date, sessions[0]!.start),
    last: seoulTime(sessions.at(-1)!.date, sessions.at(-1)!.end),
  };
}

function statusAt(t: Timeline, now: Date, r: Prng): CourseStatus {
  if (t.last.getTime() < now.getTime() - 14 * dayMs) return 'completed';
  if (t.first <= now) return 'closed';
  return r.chance(0.05) ? 'draft' : 'published';
}

function mark(weak: boolean, r: Prng): AttendanceStatus {
  const x = r.next();
  if (weak) return x < 0.35 ? 'absent' : 'present';
  if (x < 0.03) return 'absent';
  if (x < 0.06) return 'late';
  if (x < 0.08) return 'left_early';
  if (x < 0.11) return 'excused';
  return 'present';
}

/** Splits `total` over weights, each share at most `cap`. */
function shares(weights: number[], total: number, cap: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  return weights.map((w) => Math.min(cap, Math.round((w / sum) * total)));
}

export function buildProgramme(
  size: Size,
  seed: number,
  universities: UniversityRef[],
  passwordHash: string,
  now = new Date(),
): Facts {
  const r = new Prng(seed);
  const nextId = idFactory(new Date(Math.floor(now.getTime() / dayMs) * dayMs));
  const today = Math.floor(now.getTime() / dayMs) * dayMs;
  const facts: Facts = {
    universities,
    courses: [],
    users: [],
    enrollments: [],
    events: [],
    seats: [],
    waitlist: [],
    attendance: [],
    certificates: [],
    rosterCourses: [],
    staffOf: new Map(),
    nextId,
    city: {
      _id: nextId(),
      email: 'city@bench.kr',
      passwordHash,
      passwordChangedAt: now,
      name: '포항시 담당자',
      role: 'city_staff',
      locale: 'ko',
    },
  };
  facts.users.push(facts.city);
  for (const u of universities) {
    const staff: UserFact = {
      _id: nextId(),
      email: `staff-${u.code}@bench.kr`,
      passwordHash,
      passwordChangedAt: now,
      name: `${u.name.ko} 담당자`,
      role: 'university_staff',
      university: u._id,
      locale: 'ko',
    };
    facts.staffOf.set(String(u._id), staff);
    facts.users.push(staff);
  }

  const trainees: UserFact[] = Array.from({ length: size.trainees }, (_, i) => {
    const category = r.pick(traineeCategories);
    const consent = r.chance(0.7);
    const joined = new Date(today - r.int(0, 5 * 365) * dayMs);
    return {
      _id: nextId(),
      email: `trainee${i}@bench.kr`,
      passwordHash,
      passwordChangedAt: joined,
      name: `${r.pick(surnames)}${r.pick(syllables)}${r.pick(syllables)}`,
      role: 'trainee',
      locale: 'ko',
      lastActiveDay: seoulDayOf(today),
      trainee: {
        category,
        affiliation: r.pick(affiliations[category]),
        pohangResident: r.chance(0.6),
        namedReportingConsent: consent,
        ...(consent ? { namedReportingConsentAt: joined, namedReportingConsentVersion: consentVersion } : {}),
      },
    };
  });
  facts.users.push(...trainees);
  const weak = trainees.map(() => r.chance(0.1));

  // Courses: starts spread over 4.5 years back and half a year ahead; the first few are the
  // roster courses, running now with 60 seats.
  const rosterCount = Math.max(1, Math.min(universities.length, Math.floor(size.courses / 20)));
  for (let i = 0; i < size.courses; i++) {
    const roster = i < rosterCount;
    const university = roster ? universities[i % universities.length]! : r.pick(universities);
    const track = r.pick(tracks);
    const topic = r.int(0, 3);
    const subject = topics[track][topic]!;
    const count = roster ? 8 : r.int(3, 10);
    const every = roster ? 7 : r.pick([1, 2, 7]);
    const startDay = roster ? today - 22 * dayMs : today + r.int(-1640, 182) * dayMs;
    const [start, end] = r.pick(slots);
    const sessions = Array.from({ length: count }, (_, s) => ({
      _id: nextId(),
      date: seoulDayOf(startDay + s * every * dayMs),
      start,
      end,
      topic: `${subject.en} ${s + 1}`,
    }));
    const t = timeline(sessions);
    const status = roster ? 'closed' : statusAt(t, now, r);
    const opensAt = new Date(t.first.getTime() - r.int(30, 75) * dayMs);
    const assessmentRequired = !roster && r.chance(0.2);
    facts.courses.push({
      _id: nextId(),
      university: university._id,
      code: `BT-${String(i + 1).padStart(4, '0')}`,
      title: {
        ko: `${subject.ko} ${r.pick(['기초', '실무', '심화'])} 과정 ${i + 1}`,
        en: `${subject.en} course ${i + 1}`,
      },
      summary: { ko: `${subject.ko} 실무 역량을 기르는 과정입니다.`, en: `Hands-on ${subject.en.toLowerCase()}.` },
      description: {
        ko: '이론 강의와 실습으로 구성됩니다. 수료 기준은 출석률 80% 이상입니다.',
        en: 'Lectures and lab work. Completion requires 80% attendance.',
      },
      track,
      level: r.pick(levels),
      mode: r.pick(modes),
      venue: '포항테크노파크 배터리교육동',
      instructors: [`${r.pick(surnames)}${r.pick(syllables)}${r.pick(syllables)} 교수`],
      sessions,
      capacity: roster ? 60 : r.int(20, 60),
      enrolmentOpensAt: opensAt,
      enrolmentClosesAt: new Date(t.first.getTime() - 2 * dayMs),
      approvalRequired: !roster && r.chance(0.25),
      eligibleCategories: !roster && r.chance(0.1) ? ['student', 'job_seeker'] : [...traineeCategories],
      completionRule: {
        minAttendanceRate: 0.8,
        assessmentRequired,
        passScore: 60,
        latesPerAbsence: 3,
        excusedCountsAsAttended: true,
      },
      checkInGraceMinutes: 10,
      skills: [],
      status,
      publishedAt: status === 'draft' ? undefined : new Date(opensAt.getTime() - 7 * dayMs),
      createdBy: facts.staffOf.get(String(university._id))!._id,
    });
  }
  facts.rosterCourses = facts.courses.slice(0, rosterCount);

  // Applications: the roster courses get exactly their 60; the rest is shared by weight,
  // upcoming courses in proportion to how much of their enrolment window has passed.
  const others = facts.courses.slice(rosterCount);
  const weights = others.map((c) => {
    if (c.status === 'draft') return 0;
    const window = c.enrolmentClosesAt.getTime() - c.enrolmentOpensAt.getTime();
    const elapsed = Math.min(1, Math.max(0, (now.getTime() - c.enrolmentOpensAt.getTime()) / window));
    return (0.5 + r.next()) * elapsed;
  });
  const remaining = Math.max(0, size.enrollments - 60 * rosterCount);
  const counts = [...facts.rosterCourses.map(() => 60), ...shares(weights, remaining, size.trainees)];
  for (const [i, course] of facts.courses.entries())
    applyAndAttend(facts, course, counts[i]!, i < rosterCount, trainees, weak, r, now);
  numberCertificates(facts.certificates);
  return facts;
}

/** The applicants of one course, in the order they applied, and everything that followed. */
function applyAndAttend(
  facts: Facts,
  course: CourseFact,
  applicants: number,
  roster: boolean,
  trainees: UserFact[],
  weak: boolean[],
  r: Prng,
  now: Date,
) {
  const staff = facts.staffOf.get(String(course.university))!;
  const t = timeline(course.sessions);
  const started = t.first <= now;
  const until = earliest(course.enrolmentClosesAt, now).getTime();
  const chosen = new Set<number>();
  for (let tries = 0; chosen.size < applicants && tries < applicants * 20; tries++) {
    const n = r.int(0, trainees.length - 1);
    if (course.eligibleCategories.includes(trainees[n]!.trainee!.category)) chosen.add(n);
  }
  const order = [...chosen].map((n) => ({
    n,
    at: new Date(course.enrolmentOpensAt.getTime() + r.next() * Math.max(0, until - course.enrolmentOpensAt.getTime())),
  }));
  order.sort((a, b) => a.at.getTime() - b.at.getTime());
  const decidedAt = earliest(new Date(t.last.getTime() + r.int(2, 10) * dayMs), new Date(now.getTime() - 3_600_000));
  const rule = ruleOf(course.completionRule);
  let seated = 0;
  let position = 0;
  for (const { n, at } of order) {
    const trainee = trainees[n]!;
    const enrollment: EnrollmentFact = {
      _id: facts.nextId(),
      course: course._id,
      trainee: trainee._id,
      university: course.university,
      status: 'enrolled',
      seq: 0,
      appliedAt: at,
    };
    const step = (to: EnrollmentStatus, by: Types.ObjectId, when: Date, reason?: string) => {
      const from = enrollment.seq === 0 ? null : enrollment.status;
      enrollment.seq += 1;
      facts.events.push({
        enrollment: enrollment._id,
        course: course._id,
        ...(from === null ? { trainee: trainee._id } : {}),
        seq: enrollment.seq,
        from,
        to,
        at: when,
        by,
        ...(reason ? { reason } : {}),
      });
      enrollment.status = to;
    };
    const later = (days: number) => earliest(new Date(at.getTime() + days * dayMs), now);
    facts.enrollments.push(enrollment);
    if (!roster && r.chance(0.06)) {
      step(seated < course.capacity ? 'enrolled' : 'waitlisted', trainee._id, at);
      step('withdrawn', trainee._id, later(r.int(1, 10)), 'withdraw');
      continue;
    }
    if (seated >= course.capacity) {
      step('waitlisted', trainee._id, at);
      // Completing a course ends its waitlist (server/services/enrollment/end.ts).
      if (course.status === 'completed') step('lapsed', staff._id, decidedAt, 'course_completed');
      else
        facts.waitlist.push({
          course: course._id,
          position: ++position,
          trainee: trainee._id,
          enrollment: enrollment._id,
          joinedAt: at,
        });
      continue;
    }
    if (course.approvalRequired) {
      step('pending', trainee._id, at);
      if (r.chance(0.05)) {
        step('rejected', staff._id, later(2), 'reject');
        continue;
      }
      if (started || r.chance(0.4)) step('enrolled', staff._id, later(2), 'approve');
    } else step('enrolled', trainee._id, at);
    facts.seats.push({
      course: course._id,
      seatNo: ++seated,
      trainee: trainee._id,
      enrollment: enrollment._id,
      takenAt: at,
    });
    if (enrollment.status !== 'enrolled') continue;

    const marks: AttendanceStatus[] = [];
    for (const session of course.sessions) {
      if (seoulTime(session.date, session.start) > now) break;
      const status = mark(weak[n]!, r);
      marks.push(status);
      facts.attendance.push({
        enrollment: enrollment._id,
        course: course._id,
        session: session._id,
        status,
        remark: status === 'excused' ? excusedRemark : '',
        recordedBy: staff._id,
        recordedAt: earliest(seoulTime(session.date, session.end), now),
      });
    }
    if (course.status !== 'completed') continue;
    if (course.completionRule.assessmentRequired) enrollment.assessmentScore = r.int(40, 100);
    const decision = decideCompletion(marks, course.sessions.length, enrollment.assessmentScore, rule);
    step(decision.outcome, staff._id, decidedAt);
    enrollment.completion = {
      decidedAt,
      decidedBy: staff._id,
      ruleOutcome: decision.outcome,
      attendanceRate: decision.attendanceRate,
    };
    if (decision.outcome === 'completed') issue(facts, course, enrollment, trainee, staff, decidedAt, r);
  }
  if (course.status === 'completed') course.completedAt = decidedAt;
}

function issue(
  facts: Facts,
  course: CourseFact,
  enrollment: EnrollmentFact,
  trainee: UserFact,
  staff: UserFact,
  at: Date,
  r: Prng,
) {
  const university = facts.universities.find((u) => String(u._id) === String(course.university))!;
  facts.certificates.push({
    number: certificatePrefix(university.code, at),
    code: r.code(),
    enrollment: enrollment._id,
    course: course._id,
    trainee: trainee._id,
    university: course.university,
    issuedAt: at,
    issuedBy: staff._id,
    hours: trainingHours(course.sessions),
    traineeName: trainee.name,
    courseTitle: course.title,
    universityName: university.name,
  });
}

/** Readable numbers in issue order per prefix (BTH-POSTECH-2024-000123); `number` holds the prefix until then. */
function numberCertificates(certificates: Facts['certificates']) {
  const last = new Map<string, number>();
  for (const c of [...certificates].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime())) {
    const n = (last.get(c.number) ?? 0) + 1;
    last.set(c.number, n);
    c.number = `${c.number}${String(n).padStart(6, '0')}`;
  }
}
