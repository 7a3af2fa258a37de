import type { Types } from 'mongoose';
import { Course, type CourseDoc } from '../../../models/course';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';

export type AllocCourse = CourseDoc & { _id: Types.ObjectId };

export interface HeldSeat {
  seatNo: number;
  trainee: string;
  enrollment: string;
}

export interface QueuedEntry {
  position: number;
  trainee: string;
  enrollment: string;
}

export interface EnrollmentRow {
  _id: Types.ObjectId;
  trainee: Types.ObjectId;
  status: EnrollmentStatus;
  seq: number;
  /** The intent that made its last step, when an allocator made it. */
  intent?: string;
}

/**
 * What the course's allocator knows of the course while it holds the lease: the facts, read at
 * the start of its run (seats again before each batch, since a few writers outside it free seats),
 * then kept current by the allocator's own decisions, which are the only ones that change them.
 */
export interface CourseState {
  course: AllocCourse;
  /** Taken seats by enrollment id. */
  seats: Map<string, HeldSeat>;
  /** The waitlist in queue order. */
  waitlist: QueuedEntry[];
  /** The course's enrollments by trainee id, and by their own id. */
  byTrainee: Map<string, EnrollmentRow>;
  byId: Map<string, EnrollmentRow>;
}

export async function readSeats(course: Types.ObjectId): Promise<Map<string, HeldSeat>> {
  const seats = await Seat.find({ course }, { seatNo: 1, trainee: 1, enrollment: 1 }).lean();
  return new Map(
    seats.map((s) => [
      String(s.enrollment),
      { seatNo: s.seatNo, trainee: String(s.trainee), enrollment: String(s.enrollment) },
    ]),
  );
}

/** The course and its places and applications, or undefined when the course is gone. */
export async function readCourseState(courseId: Types.ObjectId): Promise<CourseState | undefined> {
  const [course, seats, entries, enrollments] = await Promise.all([
    Course.findById(courseId).lean<AllocCourse>(),
    readSeats(courseId),
    WaitlistEntry.find({ course: courseId }, { position: 1, trainee: 1, enrollment: 1 }).lean(),
    Enrollment.find({ course: courseId }, { trainee: 1, status: 1, seq: 1, intent: 1 }).lean<EnrollmentRow[]>(),
  ]);
  if (!course) return undefined;
  const rows = enrollments.map((e) => ({ ...e, seq: e.seq ?? 0 }));
  return {
    course,
    seats,
    waitlist: entries
      .map((e) => ({ position: e.position, trainee: String(e.trainee), enrollment: String(e.enrollment) }))
      .sort((a, b) => a.position - b.position),
    byTrainee: new Map(rows.map((e) => [String(e.trainee), e])),
    byId: new Map(rows.map((e) => [String(e._id), e])),
  };
}

/** The lowest seat number nobody holds, or undefined when the course is full. */
export function freeSeatNo(state: CourseState): number | undefined {
  if (state.seats.size >= state.course.capacity) return undefined;
  const taken = new Set([...state.seats.values()].map((s) => s.seatNo));
  for (let n = 1; n <= state.course.capacity; n++) if (!taken.has(n)) return n;
  return undefined;
}
