import fs from 'node:fs';
import path from 'node:path';
import { Certificate } from '../../models/certificate';
import { CompletionReport } from '../../models/completion-report';
import { Course } from '../../models/course';
import { Skill } from '../../models/skill';
import { Enrollment } from '../../models/enrollment';
import { University } from '../../models/university';
import { User } from '../../models/user';
import { defaultLocale } from '../../server/i18n';
import { localesDir } from '../../server/paths';
import { demoPassword } from '../../server/seed/accounts';
import { seedCompletions } from '../../server/seed/completions';
import { seedDemo } from '../../server/seed/demo';
import { dayFromNow, make } from './factories';

export type TourRole = 'visitor' | 'trainee' | 'staff' | 'city';

export interface Tour {
  password: string;
  /** Sign-in email per role; the visitor has none. */
  emails: Record<Exclude<TourRole, 'visitor'>, string>;
  /** The main pages of each role's journeys, by a short name (used for screenshot files). */
  pages: Record<TourRole, [name: string, path: string][]>;
}

/**
 * The demo data plus what makes every page of the main journeys non-empty for the demo trainee
 * and POSTECH's staff: a course in progress where the trainee has missed sessions (attendance
 * warning), and one finished last quarter whose completion, certificate and quarterly report the
 * completion seed produces. Takes a few seconds (the demo seed is most of it).
 */
export async function seedTour(): Promise<Tour> {
  await seedDemo();
  const trainee = await User.findOne({ email: 'trainee@demo.kr' }).lean();
  if (!trainee) throw new Error('the demo seed has no trainee@demo.kr');
  const learners = await User.find({ email: /@learners\.demo\.kr$/ })
    .sort({ email: 1 })
    .limit(4)
    .lean();

  const running = await make.course({
    university: 'postech',
    status: 'closed',
    code: 'TOUR-RUN',
    days: [dayFromNow(-3), dayFromNow(-2), dayFromNow(-1), dayFromNow(2), dayFromNow(3)],
    title: { ko: '이차전지 셀 설계 실습', en: 'Battery cell design workshop' },
    track: 'cell',
  });
  const mine = await make.enrollment(running, trainee);
  await make.marks(running, mine, ['absent', 'absent', 'late']);
  for (const learner of learners)
    await make.marks(running, await make.enrollment(running, learner), ['present', 'present', 'present']);

  // Over a hundred days back, so it belongs to a past quarter that the completion seed can report.
  const finished = await make.course({
    university: 'postech',
    status: 'closed',
    code: 'TOUR-DONE',
    days: [dayFromNow(-110), dayFromNow(-109)],
    title: { ko: '양극재 합성과 분석', en: 'Cathode synthesis and analysis' },
    track: 'materials',
  });
  // Its skills make the trainee's skills record (on /me and the transcript) non-empty.
  const skills = await Skill.find({ code: { $in: ['TRK-MATERIALS', 'NCS-MATERIAL-ANALYSIS'] } }, { _id: 1 }).lean();
  await Course.updateOne({ _id: finished._id }, { $set: { skills: skills.map((s) => s._id) } });
  await make.enrollment(finished, trainee);
  for (const learner of learners) await make.enrollment(finished, learner);
  await seedCompletions();
  // The demo trainee was asked the 3-month follow-up of the finished course and has not answered yet.
  const asked = await Enrollment.findOne({ course: finished._id, trainee: trainee._id }).lean();
  if (!asked) throw new Error('the tour needs the finished enrollment of the trainee');
  await make.askedFollowUp(asked);

  const postech = await University.findOne({ code: 'postech' }).lean();
  const certificate = await Certificate.findOne({ trainee: trainee._id }).lean();
  const report = await CompletionReport.findOne({ university: postech?._id }).lean();
  const open = await Course.findOne({ status: 'published', university: postech?._id }).lean();
  const skill = await Skill.findOne({ code: 'NCS-ELECTRODE' }).lean();
  if (!certificate || !report || !open || !skill)
    throw new Error('the tour needs a certificate, a report, an open course and a skill');
  const course = (id: unknown, page: string) => `/manage/courses/${String(id)}/${page}`;
  return {
    password: demoPassword,
    emails: { trainee: 'trainee@demo.kr', staff: 'staff.postech@demo.kr', city: 'city@demo.kr' },
    pages: {
      visitor: [
        ['home', '/'],
        ['catalog', '/courses'],
        ['course', `/courses/${String(open._id)}`],
        ['universities', '/universities'],
        ['university', '/universities/postech'],
        ['login', '/login'],
        ['register', '/register'],
        ['verify', `/verify/${certificate.code}`],
        ['announcements', '/announcements'],
        ['contact', '/contact'],
        ['open-data', '/open-data'],
        ['privacy', '/privacy'],
      ],
      trainee: [
        ['me', '/me'],
        ['transcript', '/me/transcript'],
        ['certificate', `/certificates/${certificate.number}`],
        ['profile', '/me/profile'],
        ['outcome', `/me/outcomes/${String(asked._id)}/3`],
        ['my-data', '/me/data'],
        ['close-account', '/me/close'],
        ['enrolled-course', `/courses/${String(running._id)}`],
      ],
      staff: [
        ['manage', '/manage'],
        ['new-course', '/manage/courses/new'],
        ['edit', course(running._id, 'edit')],
        ['roster', course(running._id, 'roster')],
        ['attendance', course(running._id, 'attendance')],
        ['roll-call', course(running._id, `sessions/${String(running.sessions[2]!._id)}/roll-call`)],
        ['check-in-code', course(running._id, `sessions/${String(running.sessions[3]!._id)}/check-in-code`)],
        ['completion', course(finished._id, 'complete')],
        ['course-announcements', course(running._id, 'announcements')],
        ['reports', '/manage/reports'],
        ['report', `/manage/reports/${String(report._id)}`],
        ['notifications', '/notifications'],
      ],
      city: [
        ['dashboard', '/city'],
        ['reports', '/city/reports'],
        ['report-status', '/city/reports/status'],
        ['report', `/city/reports/${String(report._id)}`],
        ['figure-courses', '/city/courses?university=postech'],
        ['staff', '/city/staff'],
        ['new-staff', '/city/staff/new'],
        ['audit', '/city/audit'],
        ['targets', '/city/targets'],
        ['skills', '/city/skills'],
        ['skill', `/city/skills/${String(skill._id)}/edit`],
        ['outcomes', '/city/outcomes'],
        ['announcements', '/city/announcements'],
        ['contact-edit', '/city/contact'],
        ['notifications', '/notifications'],
      ],
    },
  };
}

/** Namespaces of the translation files: a text starting with one of them and a dot is a key left untranslated. */
const namespaces = fs
  .readdirSync(path.join(localesDir, defaultLocale))
  .filter((f) => f.endsWith('.json'))
  .map((f) => path.basename(f, '.json'));
const rawKey = new RegExp(`\\b(?:(?:${namespaces.join('|')})\\.[a-zA-Z_]+|[a-z]+\\.[a-zA-Z_]+\\.[a-zA-Z_.]+)\\b`);

/** The first thing in a visible text that looks like an untranslated key (emails and web addresses are not). */
export function untranslatedKey(text: string): string | undefined {
  return text.replace(/\S+@\S+|https?:\/\/\S+/g, ' ').match(rawKey)?.[0];
}
