/**
 * Every action the audit log records. `recordAudit` takes only these, so a new action cannot be
 * written without being listed here, and test/services/audit/actions.test.ts fails until it has a
 * sentence in both languages (`audit.actions.<area>.<verb>`) for the log to show.
 */
export const auditActions = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.recheck_failed',
  'user.register',
  'user.register_requested',
  'user.register_existing',
  'user.register_throttled',
  'user.profile_update',
  'user.consent_given',
  'user.consent_withdrawn',
  'user.password_change',
  'user.password_reset_requested',
  'user.password_reset',
  'user.password_set',
  'user.staff_create',
  'user.activate',
  'user.deactivate',
  'course.create',
  'course.update',
  'course.publish',
  'course.close',
  'course.cancel',
  'course.complete',
  'enrollment.apply',
  'enrollment.reapply',
  'enrollment.approve',
  'enrollment.reject',
  'enrollment.withdraw',
  'enrollment.promote',
  'enrollment.decline_clash',
  'enrollment.lapse',
  'enrollment.completion',
  'enrollment.completion_override',
  'enrollment.assessment_score',
  'attendance.record',
  'attendance.check_in',
  'certificate.issue',
  'certificate.revoke',
  'report.submit',
  'report.acknowledge',
  'report.return',
  'skill.create',
  'skill.update',
  'skill.activate',
  'skill.deactivate',
  'targets.update',
  'user.follow_up_consent_given',
  'user.follow_up_consent_withdrawn',
  'user.close',
  'user.anonymise_inactive',
  'outcome.ask',
  'outcome.answer',
  'calendar_feed.created',
  'calendar_feed.reset',
  'calendar_feed.revoked',
  'enrollment.staff_enrol',
  'enrollment.staff_reenrol',
  'course.message',
  'data.repair',
] as const;

export type AuditAction = (typeof auditActions)[number];

/** The areas the actions belong to, in the order the log's filter lists them. */
export const auditAreas = [
  'auth',
  'user',
  'course',
  'enrollment',
  'attendance',
  'certificate',
  'report',
  'skill',
  'targets',
  'outcome',
  'calendar_feed',
  'data',
] as const;

export function isAuditAction(value: unknown): value is AuditAction {
  return (auditActions as readonly unknown[]).includes(value);
}
