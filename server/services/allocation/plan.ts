import { Types } from 'mongoose';
import type { IntentKind } from '../../../models/action-intent';
import type { EnrollmentStatus } from '../../../models/enrollment';
import type { AuditAction } from '../audit/actions';
import { derivedId } from '../../lib/derived-id';
import { flatten } from '../../lib/bilingual';
import { applyRefusal, mayApplyAgain } from '../enrollment/apply-rules';
import { courseNotice, hasStarted, seatsMove } from '../course-base/course-ref';
import type { KeyedStep } from '../enrollment/history';
import { clashParams, type Clash } from '../enrollment/timetable';
import { firstSessionParams } from '../notifications/course-details';
import { freeSeatNo, type CourseState, type EnrollmentRow } from './state';
import { nextPosition } from './positions';

/** Who asked for an intent, as the audit log names them. */
export interface IntentActor {
  id: string;
  role: string;
}

/** An open intent as the allocator decides it (models/action-intent.ts). */
export interface Intent {
  _id: string;
  kind: IntentKind;
  trainee?: Types.ObjectId;
  enrollment?: Types.ObjectId;
  category?: string;
  approved: boolean;
  byStaff: boolean;
  actor?: IntentActor;
  reason?: string;
  /** revoke: the certificate that goes. */
  certificate?: { id: Types.ObjectId; number: string; title: { ko: string; en: string } };
  at: Date;
}

export type Step = KeyedStep;

export interface PlannedAudit {
  key: string;
  actor?: IntentActor | undefined;
  action: AuditAction;
  target: { type: 'Enrollment' | 'Course' | 'Certificate'; id: Types.ObjectId };
  before?: unknown;
  after?: unknown;
  meta?: Record<string, unknown>;
}

export interface PlannedNotice {
  /** The step that tells it: a notice is written once per key and user, however often its step is written. */
  key: string;
  user: Types.ObjectId;
  kind: string;
  params: Record<string, string>;
  link: string;
}

export interface PlannedOutcome {
  _id: string;
  enrollment?: Types.ObjectId;
  status?: EnrollmentStatus;
  /** The enrollment's step after the action (its history event's number). */
  seq?: number;
  seatNo?: number;
  rank?: number;
  refusal?: string;
  params?: Record<string, string>;
}

type Place = { enrollment: Types.ObjectId; trainee: Types.ObjectId };

/** Everything one batch of a course's intents writes, in the order write-plan.ts writes it. */
export interface Plan {
  seatsOut: Types.ObjectId[];
  seatsIn: (Place & { _id: Types.ObjectId; seatNo: number })[];
  queueIn: (Place & { _id: Types.ObjectId; position: number })[];
  queueOut: Types.ObjectId[];
  steps: Step[];
  audits: PlannedAudit[];
  notices: PlannedNotice[];
  outcomes: PlannedOutcome[];
  /** The course's own step when a cancel intent cancels it, with its audit entry (written before the status). */
  cancellation?: { at: Date; reason?: string; audit: PlannedAudit };
  /** Certificates revoked, each with its enrollment's step. */
  revocations: { certificate: Types.ObjectId; by?: string; reason?: string; at: Date }[];
}

const heldStatuses: readonly EnrollmentStatus[] = ['pending', 'enrolled', 'waitlisted'];

/** A plan that changes nothing, to which a round adds its steps. */
export function emptyPlan(): Plan {
  return {
    seatsOut: [],
    seatsIn: [],
    queueIn: [],
    queueOut: [],
    steps: [],
    audits: [],
    notices: [],
    outcomes: [],
    revocations: [],
  };
}

/** Takes the enrollment's place out of the places a batch is to write; false when it had none there. */
function unplan(places: Place[], enrollment: string): boolean {
  const at = places.findIndex((p) => String(p.enrollment) === enrollment);
  if (at >= 0) places.splice(at, 1);
  return at >= 0;
}

/** Decides one batch against the course's state, which it updates as the facts it plans will leave it. */
class Planner {
  readonly plan = emptyPlan();

  constructor(
    private readonly state: CourseState,
    private readonly now: Date,
    /** Trainees (applying, or next on the waitlist) whose time another course holds, by trainee id. */
    private readonly clashes: ReadonlyMap<string, Clash>,
  ) {}

  private get course() {
    return this.state.course;
  }

  /** When and where the course starts, for the messages that give a trainee a seat. */
  private get firstSession() {
    return firstSessionParams(this.course);
  }

  private seatOf(enrollment: Types.ObjectId) {
    return this.state.seats.get(String(enrollment));
  }

  private queued(enrollment: Types.ObjectId) {
    const id = String(enrollment);
    return this.state.waitlist.find((e) => e.enrollment === id);
  }

  private rankOf(enrollment: Types.ObjectId): number | undefined {
    const id = String(enrollment);
    const i = this.state.waitlist.findIndex((e) => e.enrollment === id);
    return i < 0 ? undefined : i + 1;
  }

  private takeSeat(row: Place, key: string): number | undefined {
    const held = this.seatOf(row.enrollment);
    if (held) return held.seatNo;
    const seatNo = freeSeatNo(this.state);
    if (seatNo === undefined) return undefined;
    this.plan.seatsIn.push({ _id: derivedId(key, 'seat'), seatNo, enrollment: row.enrollment, trainee: row.trainee });
    this.state.seats.set(String(row.enrollment), {
      seatNo,
      trainee: String(row.trainee),
      enrollment: String(row.enrollment),
    });
    return seatNo;
  }

  private queue(row: Place, key: string): void {
    if (this.queued(row.enrollment)) return;
    const position = nextPosition();
    this.plan.queueIn.push({
      _id: derivedId(key, 'queue'),
      position,
      enrollment: row.enrollment,
      trainee: row.trainee,
    });
    this.state.waitlist.push({ position, trainee: String(row.trainee), enrollment: String(row.enrollment) });
  }

  /** Takes the enrollment's entry out of the waitlist, if it has one (one this batch queued is not written at all). */
  private drop(enrollment: string): void {
    const at = this.state.waitlist.findIndex((e) => e.enrollment === enrollment);
    if (at < 0) return;
    this.state.waitlist.splice(at, 1);
    if (!unplan(this.plan.queueIn, enrollment)) this.plan.queueOut.push(new Types.ObjectId(enrollment));
  }

  /** Gives back the seat or waitlist place the enrollment holds (one this batch gave is not written at all). */
  private release(enrollment: Types.ObjectId): void {
    const id = String(enrollment);
    if (this.state.seats.delete(id) && !unplan(this.plan.seatsIn, id)) this.plan.seatsOut.push(enrollment);
    this.drop(id);
  }

  private step(row: EnrollmentRow | undefined, step: Omit<Step, 'from' | 'fromSeq' | 'seq'>): void {
    const from = row?.status ?? null;
    const fromSeq = row?.seq ?? 0;
    this.plan.steps.push({ ...step, from, fromSeq, seq: fromSeq + 1 });
    const next: EnrollmentRow = {
      _id: step.enrollment,
      trainee: step.trainee,
      status: step.to,
      seq: fromSeq + 1,
      intent: step.key,
    };
    this.state.byTrainee.set(String(step.trainee), next);
    this.state.byId.set(String(step.enrollment), next);
  }

  /** Steps an application (as read in `row`) to `to` and audits the step, both under `key`. */
  private moveAudited(
    row: EnrollmentRow,
    key: string,
    to: EnrollmentStatus,
    audit: {
      actor: IntentActor | undefined;
      action: AuditAction;
      reason: string;
      set?: Record<string, unknown>;
      after?: Record<string, unknown>;
      meta?: Record<string, unknown>;
    },
  ): void {
    const { actor, action, reason, set, after, meta } = audit;
    this.step(row, { key, enrollment: row._id, trainee: row.trainee, to, by: actor?.id, reason, set });
    this.plan.audits.push({
      key,
      actor,
      action,
      target: { type: 'Enrollment', id: row._id },
      before: { status: row.status },
      after: { status: to, ...after },
      meta,
    });
  }

  /** Tells the application's trainee, for the step `key`, in the course's words (`notifications.<kind>`). */
  private tell(
    row: Pick<EnrollmentRow, 'trainee'>,
    key: string,
    kind: string,
    params: Record<string, string> = {},
  ): void {
    const notice = courseNotice(this.course);
    this.plan.notices.push({
      key,
      user: row.trainee,
      kind,
      params: { ...notice.params, ...params },
      link: notice.link,
    });
  }

  private refuse(intent: Intent, refusal: string, params?: Record<string, string>): void {
    this.plan.outcomes.push({ _id: intent._id, refusal, params });
  }

  /** The outcome of an intent whose step is already written (a re-run after a crash), with its places made to match. */
  private settled(intent: Intent, row: EnrollmentRow): void {
    if (!heldStatuses.includes(row.status)) this.release(row._id);
    this.plan.outcomes.push({
      _id: intent._id,
      enrollment: row._id,
      status: row.status,
      seq: row.seq,
      seatNo: this.seatOf(row._id)?.seatNo,
      rank: this.rankOf(row._id),
    });
  }

  /**
   * Drops the waitlist entries whose application has moved on (its step was written, then a run
   * stopped before the entry went), keeping those of applications the batch's own intents are
   * still to write (a run stopped between the entry and the application).
   */
  tidy(intents: readonly Intent[]): void {
    const applying = new Set(intents.flatMap((i) => (i.kind === 'apply' && i.trainee ? [String(i.trainee)] : [])));
    for (const entry of [...this.state.waitlist]) {
      const status = this.state.byId.get(entry.enrollment)?.status;
      if (status !== 'waitlisted' && !(status === undefined && applying.has(entry.trainee)))
        this.drop(entry.enrollment);
    }
  }

  decide(intent: Intent): void {
    if (intent.kind === 'refill') return void this.plan.outcomes.push({ _id: intent._id });
    if (intent.kind === 'cancel') return this.cancel(intent);
    const row =
      intent.kind === 'apply'
        ? intent.trainee && this.state.byTrainee.get(String(intent.trainee))
        : intent.enrollment && this.state.byId.get(String(intent.enrollment));
    if (row && row.intent === intent._id) {
      // A revocation's certificate, audit and notice follow its step: a re-run writes those it did not.
      return intent.kind === 'revoke' ? this.revoked(intent, row, row.seq) : this.settled(intent, row);
    }
    if (intent.kind === 'apply') return this.apply(intent, row || undefined);
    if (!row) return this.refuse(intent, 'enrollment.errors.notInState');
    if (intent.kind === 'withdraw') return this.withdraw(intent, row);
    if (intent.kind === 'approve') return this.approve(intent, row);
    if (intent.kind === 'revoke') return this.revoke(intent, row);
    return this.reject(intent, row);
  }

  /**
   * Cancels the course: its status is written first (write-plan.ts), then everything still open on
   * it ends (`promote` → `endAll`). A re-run after a crash finds the status written and ends what
   * is still open.
   */
  private cancel(intent: Intent): void {
    const { course } = this;
    if (course.status === 'completed') return this.refuse(intent, 'manage.lifecycle.errors.from.completed');
    if (course.status !== 'cancelled') {
      this.plan.cancellation = {
        at: intent.at,
        reason: intent.reason,
        audit: {
          key: intent._id,
          actor: intent.actor,
          action: 'course.cancel',
          target: { type: 'Course', id: course._id },
          before: { status: course.status },
          after: { status: 'cancelled' },
          meta: intent.reason ? { reason: intent.reason } : undefined,
        },
      };
      this.state.course = { ...course, status: 'cancelled', cancelledAt: intent.at, cancelReason: intent.reason };
    }
    this.plan.outcomes.push({ _id: intent._id });
  }

  private apply(intent: Intent, existing: EnrollmentRow | undefined): void {
    const trainee = intent.trainee!;
    const refusal = applyRefusal(this.course, intent.category ?? undefined, this.now);
    if (refusal) return this.refuse(intent, refusal);
    if (existing && !mayApplyAgain(existing.status)) return this.refuse(intent, 'enrollment.errors.alreadyApplied');
    const clash = this.clashes.get(String(trainee));
    if (clash) return this.refuse(intent, 'enrollment.errors.clash', clashParams(clash));
    const enrollment = existing?._id ?? derivedId(intent._id, 'enrollment');
    const place = { enrollment, trainee };
    // A seat when one is free and nobody queues ahead (or one this intent took before a crash), else the waitlist.
    const seatNo =
      this.seatOf(enrollment) || (this.state.waitlist.length === 0 && !this.queued(enrollment))
        ? this.takeSeat(place, intent._id)
        : undefined;
    if (seatNo === undefined) this.queue(place, intent._id);
    const to: EnrollmentStatus = seatNo === undefined ? 'waitlisted' : intent.approved ? 'enrolled' : 'pending';
    this.step(existing, {
      key: intent._id,
      enrollment,
      trainee,
      to,
      by: intent.actor?.id,
      reason: existing ? 'reapplied' : undefined,
      set: { appliedAt: intent.at },
    });
    const actions = intent.byStaff
      ? (['enrollment.staff_enrol', 'enrollment.staff_reenrol'] as const)
      : (['enrollment.apply', 'enrollment.reapply'] as const);
    // The audit says the place in words: the rank in the queue, not the queue's ordering key.
    const placed = seatNo === undefined ? { waitlistRank: this.rankOf(enrollment) } : { seatNo };
    this.plan.audits.push({
      key: intent._id,
      actor: intent.actor,
      action: existing ? actions[1] : actions[0],
      target: { type: 'Enrollment', id: enrollment },
      before: existing ? { status: existing.status } : undefined,
      after: { status: to, ...placed },
    });
    // A trainee's own application that takes a seat is confirmed by notice and mail (staff enrolling tells them itself).
    if (to === 'enrolled' && !intent.byStaff) this.tell({ trainee }, intent._id, 'enrolled', this.firstSession);
    const seq = (existing?.seq ?? 0) + 1;
    this.plan.outcomes.push({ _id: intent._id, enrollment, status: to, seq, seatNo, rank: this.rankOf(enrollment) });
  }

  /** Staff revoke a completed trainee's certificate: the completion goes with it (DESIGN.md rule 7). */
  private revoke(intent: Intent, row: EnrollmentRow): void {
    if (row.status !== 'completed') return this.refuse(intent, 'certificates.errors.alreadyRevoked');
    this.step(row, {
      key: intent._id,
      enrollment: row._id,
      trainee: row.trainee,
      to: 'not_completed',
      by: intent.actor?.id,
      reason: 'certificate_revoked',
    });
    this.revoked(intent, row, row.seq + 1);
  }

  /** What follows a revocation's step `seq`: the certificate marked revoked, the audit entry, the holder's notice. */
  private revoked(intent: Intent, row: EnrollmentRow, seq: number): void {
    const certificate = intent.certificate!;
    const { _id: key, actor, reason } = intent;
    this.plan.revocations.push({ certificate: certificate.id, by: actor?.id, reason, at: intent.at });
    this.plan.audits.push({
      key,
      actor,
      action: 'certificate.revoke',
      target: { type: 'Certificate', id: certificate.id },
      before: { revoked: false, enrollment: 'completed' },
      after: { revoked: true, enrollment: 'not_completed' },
      meta: { reason, enrollmentId: String(row._id) },
    });
    this.plan.notices.push({
      key,
      user: row.trainee,
      kind: 'certificateRevoked',
      params: { ...flatten('title', certificate.title), number: certificate.number },
      link: `/certificates/${certificate.number}`,
    });
    this.plan.outcomes.push({ _id: intent._id, enrollment: row._id, status: 'not_completed', seq });
  }

  private decided(
    intent: Intent,
    row: EnrollmentRow,
    to: EnrollmentStatus,
    action: 'withdraw' | 'approve' | 'reject',
    extra: { seatNo?: number; notice?: string; details?: Record<string, string> } = {},
  ): void {
    this.moveAudited(row, intent._id, to, {
      actor: intent.actor,
      action: `enrollment.${action}`,
      reason: action,
      set: to === 'withdrawn' ? { withdrawnAt: this.now } : undefined,
      meta: intent.reason ? { reason: intent.reason } : undefined,
    });
    if (extra.notice)
      this.tell(row, intent._id, extra.notice, {
        ...extra.details,
        ...(intent.reason ? { reason: intent.reason, context: 'reason' } : {}),
      });
    this.plan.outcomes.push({
      _id: intent._id,
      enrollment: row._id,
      status: to,
      seq: row.seq + 1,
      seatNo: extra.seatNo,
    });
  }

  private withdraw(intent: Intent, row: EnrollmentRow): void {
    if (hasStarted(this.course, this.now)) return this.refuse(intent, 'enrollment.errors.alreadyStarted');
    if (!heldStatuses.includes(row.status)) return this.refuse(intent, 'enrollment.errors.notInState');
    this.release(row._id);
    this.decided(intent, row, 'withdrawn', 'withdraw');
  }

  private reject(intent: Intent, row: EnrollmentRow): void {
    if (row.status !== 'pending' && row.status !== 'waitlisted')
      return this.refuse(intent, 'enrollment.errors.notInState');
    this.release(row._id);
    this.decided(intent, row, 'rejected', 'reject', { notice: 'rejected' });
  }

  /** A pending application holds its seat; one that holds none (made before that rule) takes one now. */
  private approve(intent: Intent, row: EnrollmentRow): void {
    if (row.status !== 'pending') return this.refuse(intent, 'enrollment.errors.notInState');
    const seatNo = this.takeSeat({ enrollment: row._id, trainee: row.trainee }, intent._id);
    if (seatNo === undefined) return this.refuse(intent, 'enrollment.errors.courseFull');
    this.decided(intent, row, 'enrolled', 'approve', { seatNo, notice: 'approved', details: this.firstSession });
  }

  /**
   * Free seats go to the waitlist in queue order while the course still seats people (DESIGN.md
   * rule 3). A trainee whose time another course holds is passed over (declined). A waitlisted
   * trainee who holds a seat already was being promoted when a run stopped: that promotion is finished.
   */
  promote(actor: IntentActor | undefined): void {
    if (this.course.status === 'cancelled') return this.endAll(actor);
    for (const seat of this.state.seats.values()) {
      const row = this.state.byId.get(seat.enrollment);
      if (row?.status === 'waitlisted') this.promoteOne(row, actor, seat.seatNo);
    }
    while (seatsMove(this.course, this.now) && this.state.waitlist.length > 0 && freeSeatNo(this.state) !== undefined) {
      const first = this.state.waitlist[0]!;
      const row = this.state.byId.get(first.enrollment)!;
      const clash = this.clashes.get(String(row.trainee));
      if (clash) this.passOver(row, clash, actor);
      else {
        const place = { enrollment: row._id, trainee: row.trainee };
        this.promoteOne(row, actor, this.takeSeat(place, `promote:${String(row._id)}:${row.seq}`)!);
      }
    }
  }

  /** A cancelled course withdraws every application still open, gives back its places and tells its trainees why. */
  private endAll(actor: IntentActor | undefined): void {
    const reason = this.course.cancelReason;
    for (const row of [...this.state.byId.values()].filter((r) => heldStatuses.includes(r.status))) {
      const key = `cancel:${String(row._id)}:${row.seq}`;
      this.release(row._id);
      this.moveAudited(row, key, 'withdrawn', {
        actor,
        action: 'enrollment.withdraw',
        reason: 'course_cancelled',
        set: { withdrawnAt: this.now },
        meta: { reason: 'course_cancelled' },
      });
      this.tell(row, key, 'cancelled', reason ? { reason, context: 'reason' } : {});
    }
    for (const entry of [...this.state.waitlist]) this.drop(entry.enrollment);
  }

  /**
   * A waitlisted trainee takes the freed seat: enrolled, or, in a course that needs approval,
   * pending with the seat held — and every word of it (history reason, audit, notice and mail)
   * says which (`promotionWords`).
   */
  private promoteOne(row: EnrollmentRow, actor: IntentActor | undefined, seatNo: number): void {
    const to: EnrollmentStatus = this.course.approvalRequired ? 'pending' : 'enrolled';
    const words = promotionWords(to);
    const key = `promote:${String(row._id)}:${row.seq}`;
    this.drop(String(row._id));
    this.moveAudited(row, key, to, {
      actor,
      action: words.action,
      reason: words.reason,
      after: { seatNo },
    });
    this.tell(row, key, words.notice, to === 'enrolled' ? this.firstSession : {});
  }

  private passOver(row: EnrollmentRow, clash: Clash, actor: IntentActor | undefined): void {
    const key = `decline:${String(row._id)}:${row.seq}`;
    this.release(row._id);
    this.moveAudited(row, key, 'rejected', {
      actor,
      action: 'enrollment.decline_clash',
      reason: 'timetable_clash',
      meta: { clashWith: String(clash.course._id) },
    });
    this.tell(row, key, 'clashDeclined', flatten('other', clash.course.title));
  }
}

/**
 * The words of a promotion follow the status it leads to: a seat (`enrollment.promote`, "promoted",
 * `notifications.promoted`) or, in a course that needs approval, a held seat awaiting approval
 * (`enrollment.promote_pending`, "promoted_pending", `notifications.promotedPending`).
 */
export function promotionWords(to: EnrollmentStatus): {
  action: 'enrollment.promote' | 'enrollment.promote_pending';
  reason: (typeof promotionReasons)[number];
  notice: 'promoted' | 'promotedPending';
} {
  return to === 'pending'
    ? { action: 'enrollment.promote_pending', reason: 'promoted_pending', notice: 'promotedPending' }
    : { action: 'enrollment.promote', reason: 'promoted', notice: 'promoted' };
}

/** The history reasons of a waitlist promotion. */
export const promotionReasons = ['promoted', 'promoted_pending'] as const;

/**
 * Decides a batch of a course's intents, in the order given (arrival order), then hands free
 * seats to the waitlist. Pure: it reads nothing and writes nothing, only the state it is given,
 * so the same state and intents always give the same plan (bar new waitlist positions).
 */
export function planBatch(
  state: CourseState,
  intents: readonly Intent[],
  now: Date,
  clashes: ReadonlyMap<string, Clash> = new Map(),
): Plan {
  const planner = new Planner(state, now, clashes);
  planner.tidy(intents);
  for (const intent of intents) planner.decide(intent);
  planner.promote(intents.at(-1)?.actor);
  return planner.plan;
}

/**
 * The enrollments the waitlist would promote into the seats free after `intents`, given the clashes
 * known so far, to check for clashes first: one passed over for a clash lets the next one up.
 */
export function promotionCandidates(
  state: CourseState,
  intents: readonly Intent[],
  now: Date,
  clashes: ReadonlyMap<string, Clash>,
): EnrollmentRow[] {
  const probe: CourseState = cloneState(state);
  const plan = planBatch(probe, intents, now, clashes);
  const promoted = new Set(
    plan.steps
      .filter((s) => (promotionReasons as readonly (string | undefined)[]).includes(s.reason))
      .map((s) => String(s.enrollment)),
  );
  return [...promoted].map((id) => state.byId.get(id)).filter((r): r is EnrollmentRow => !!r);
}

export function cloneState(state: CourseState): CourseState {
  return {
    course: state.course,
    seats: new Map(state.seats),
    waitlist: [...state.waitlist],
    byTrainee: new Map(state.byTrainee),
    byId: new Map(state.byId),
  };
}
