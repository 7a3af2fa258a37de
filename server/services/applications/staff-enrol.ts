import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { loadCourseFor } from '../course-base/access';
import { notify } from '../notifications/notices';
import { freshKey } from '../allocation/submit';
import { placeApplication, type ApplyResult } from './apply';
import { firstSessionParams } from '../notifications/course-details';
import { courseNotice } from '../course-base/course-ref';

/** The trainee's own refusals, as staff read them (the same rule, about the trainee rather than "you"). */
const staffWording: Record<string, string> = {
  'enrollment.errors.alreadyApplied': 'manage.enrol.errors.alreadyApplied',
  'enrollment.errors.ineligible': 'manage.enrol.errors.ineligible',
  'enrollment.errors.profileIncomplete': 'manage.enrol.errors.profileIncomplete',
};

/**
 * Staff enrol a trainee who has an account, found by email (an indexed equality on the
 * lower-cased address). The application follows the trainee's own rules (window, eligibility,
 * timetable, capacity: a full course puts them on the waitlist); staff enrolling is the approval,
 * so a seat makes them enrolled. No account is created for an unknown address. Audited; the
 * trainee is told.
 */
export async function enrolByEmail(actor: Actor, courseId: string, email: string): Promise<ApplyResult> {
  const course = await loadCourseFor(actor, courseId, 'course:write');
  const trainee = await User.findOne({ email: email.toLowerCase() }).lean();
  if (!trainee || !trainee.active) throw new FormError({ email: 'manage.enrol.errors.noAccount' });
  if (trainee.role !== 'trainee') throw new FormError({ email: 'manage.enrol.errors.notTrainee' });
  let result: ApplyResult;
  try {
    const applicant = { _id: trainee._id, category: trainee.trainee?.category ?? undefined };
    result = await placeApplication(actor, course, applicant, { key: freshKey('apply'), byStaff: true });
  } catch (err) {
    if (err instanceof FormError && err.errors._form && staffWording[err.errors._form])
      throw new FormError({ email: staffWording[err.errors._form]! }, err.params);
    throw err;
  }
  const notice = courseNotice(course);
  const details = result.status === 'enrolled' ? firstSessionParams(course) : {};
  await notify(trainee._id, 'staffEnrolled', { ...notice.params, ...details, context: result.status }, notice.link);
  return result;
}
