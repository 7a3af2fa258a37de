import assert from 'node:assert/strict';
import { Certificate } from '../../models/certificate';
import { commitCompletion } from '../../server/services/completion/completion-decide';
import { actorOf, days, make, type CourseSpec } from './factories';

/** A closed POSTECH course of ten sessions that have all taken place (2026-08-03 to 12), with its completion rule. */
export function finishedCourse(rule: CourseSpec['completionRule'] = {}) {
  return make.course({
    status: 'closed',
    days: days('2026-08-03', 10),
    completionRule: rule,
    title: { ko: '이차전지 셀 공정 실무', en: 'Battery cell process practice' },
  });
}

/** A trainee who attended every session of a finished course, completed it, and their certificate. */
export async function completedCertificate(name: string) {
  const course = await finishedCourse();
  const owner = await make.trainee({ name });
  const enrollment = await make.enrollment(course, owner);
  await make.marks(course, enrollment, Array(10).fill('present'));
  await commitCompletion(await actorOf(await make.staff('postech')), String(course._id), {});
  const cert = await Certificate.findOne({ enrollment: enrollment._id }).lean();
  assert.ok(cert);
  return { owner, cert };
}
