// Importing this module registers every model, so connectDatabase can build all indexes.
export { Attendance } from './attendance';
export { AuditEvent } from './audit-event';
export { CacheVersion } from './cache-version';
export { Certificate } from './certificate';
export { CompletionReport } from './completion-report';
export { Course } from './course';
export { CourseFigures } from './course-figures';
export { Enrollment } from './enrollment';
export { EnrollmentEvent } from './enrollment-event';
export { NumberHint } from './number-hint';
export { Notification } from './notification';
export { PasswordToken } from './password-token';
export { ReportReview } from './report-review';
export { Seat } from './seat';
export { University } from './university';
export { User } from './user';
export { WaitlistEntry } from './waitlist-entry';
