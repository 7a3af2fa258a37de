import { Enrollment } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { databaseLimiter, type Limiter } from '../limits/rate-limit';
import { recordAudit } from '../audit/record';
import { loadCourseFor } from '../course-base/access';
import { courseNotice } from '../course-base/course-ref';
import { recipientOf } from '../notifications/mail/outbox';
import { notifyMany } from '../notifications/notices';

export interface CourseMessage {
  subject: string;
  body: string;
  /** Every enrolled trainee, or only the enrolled ones among the checked rows. */
  audience: 'enrolled' | 'selected';
  ids: readonly string[];
}

/** Messages a staff member may send, across their courses: enough for a busy day, too few to spam. */
export const courseMessageLimiter = databaseLimiter({ name: 'course-message', points: 10, minutes: 60 });

/**
 * Staff write to the course's enrolled trainees: each gets an in-app notice and an email in their
 * own language (the texts are shown escaped, never as markup). Counted against the staff member's
 * budget before anything is sent; audited with the subject and the number of recipients.
 */
export async function messageEnrolled(
  actor: Actor,
  courseId: string,
  message: CourseMessage,
  limiter: Limiter = courseMessageLimiter,
): Promise<number> {
  const course = await loadCourseFor(actor, courseId, 'course:write');
  const wanted = new Set(message.ids);
  const recipients = (await Enrollment.find({ course: course._id, status: 'enrolled' }, { trainee: 1 }).lean())
    .filter((e) => message.audience === 'enrolled' || wanted.has(String(e._id)))
    .map((e) => e.trainee);
  if (recipients.length === 0) throw new FormError({ ids: 'manage.roster.message.errors.nobody' });
  const budget = await limiter.take(actor.id);
  if (!budget.allowed)
    throw new FormError(
      { _form: 'manage.roster.message.errors.tooMany' },
      { minutes: String(Math.ceil(budget.retryAfterSeconds / 60)) },
    );
  const notice = courseNotice(course);
  await notifyMany(
    recipients,
    'staffMessage',
    { ...notice.params, subject: message.subject, body: message.body },
    notice.link,
    { replyTo: recipientOf(actor) },
  );
  await recordAudit({
    actor,
    action: 'course.message',
    target: { type: 'Course', id: course._id },
    university: course.university,
    meta: { subject: message.subject, recipients: recipients.length },
  });
  return recipients.length;
}
