import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { Course, tracks } from '../models/course';
import { Enrollment } from '../models/enrollment';
import { Seat } from '../models/seat';
import { University } from '../models/university';
import { User, traineeCategories } from '../models/user';
import { hashPassword } from '../server/auth/passwords';

export interface GenerateOptions {
  courses: number;
  trainees: number;
  /** Enrollments per trainee (each in a different course). */
  enrollmentsPerTrainee: number;
  seed?: number;
}

/** A small deterministic PRNG so two runs with the same seed build the same data. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pick<T>(items: readonly T[], r: () => number): T {
  return items[Math.floor(r() * items.length)]!;
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** Bulk-inserts a programme of the given size, bypassing the services for speed. */
export async function generate(options: GenerateOptions) {
  const r = random(options.seed ?? 42);
  const universities = await University.find().lean();
  const password = 'bench-password-123';
  const passwordHash = await hashPassword(password);

  const courseDocs = Array.from({ length: options.courses }, (_, i) => {
    const start = Math.floor(r() * 120) - 60;
    const sessions = Array.from({ length: 3 + Math.floor(r() * 8) }, (_, s) => ({
      _id: new Types.ObjectId(),
      date: day(start + s * 2),
      start: '09:00',
      end: '13:00',
      topic: `세션 ${s + 1}`,
    }));
    return {
      _id: new Types.ObjectId(),
      university: pick(universities, r)._id,
      code: `B-${i}`,
      title: { ko: `벤치 과정 ${i} ${pick(['양극재', '음극재', '전해질', 'BMS', '재활용'], r)}`, en: `Bench course ${i}` },
      summary: { ko: '벤치마크용 과정', en: 'Benchmark course' },
      track: pick(tracks, r),
      mode: pick(['offline', 'online', 'hybrid'] as const, r),
      venue: '포항테크노파크',
      sessions,
      capacity: 20 + Math.floor(r() * 40),
      enrolmentOpensAt: new Date(Date.now() - 30 * 86_400_000),
      enrolmentClosesAt: new Date(Date.now() + 30 * 86_400_000),
      status: start > 0 ? 'published' : pick(['closed', 'completed'] as const, r),
    };
  });
  // insertMany validates each document, which runs the hook deriving hours and dates.
  await Course.insertMany(courseDocs);

  const trainees = Array.from({ length: options.trainees }, (_, i) => ({
    _id: new Types.ObjectId(),
    email: `bench-${i}-${crypto.randomBytes(2).toString('hex')}@bench.kr`,
    name: `교육생 ${i}`,
    role: 'trainee' as const,
    passwordHash,
    trainee: { category: pick(traineeCategories, r), affiliation: '포항', pohangResident: r() < 0.6, namedReportingConsent: r() < 0.7 },
  }));
  await User.insertMany(trainees);

  const enrollments = [];
  const seats = [];
  const seatsTaken = new Map<string, number>();
  for (const trainee of trainees) {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(options.enrollmentsPerTrainee, courseDocs.length)) chosen.add(Math.floor(r() * courseDocs.length));
    for (const index of chosen) {
      const course = courseDocs[index]!;
      const taken = seatsTaken.get(String(course._id)) ?? 0;
      if (taken >= course.capacity) continue;
      seatsTaken.set(String(course._id), taken + 1);
      const enrollment = { _id: new Types.ObjectId(), course: course._id, trainee: trainee._id, university: course.university, status: 'enrolled', appliedAt: new Date() };
      enrollments.push(enrollment);
      seats.push({ course: course._id, seatNo: taken + 1, trainee: trainee._id, enrollment: enrollment._id });
    }
  }
  await Enrollment.insertMany(enrollments);
  await Seat.insertMany(seats);
  return { courses: courseDocs, trainees, enrollments: enrollments.length, password, passwordHash };
}
