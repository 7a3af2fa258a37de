import { gridFields } from './attendance-grid';
import type { Express } from 'express';
import type { TestContext } from './app';
import { Certificate } from '../../models/certificate';
import { bySessionStart } from '../../models/course';
import { loginAgent } from './agents';
import { days, make } from './factories';

/**
 * The course the attendance, completion, certificate, report and city pages are tested on: a closed
 * five-day POSTECH course (REC-101, 15 hours in 2026-Q3) with three employee trainees from Pohang —
 * `=CMD()` (consents; a name Excel would run), 김동의 (consents) and 이비동의 (does not) — and signed-in
 * POSTECH staff and city staff. Each step below takes the course one stage further, as staff would
 * through the pages.
 */
async function completionCourse(app: Express) {
  const course = await make.course({
    status: 'closed',
    days: days('2026-08-10', 5),
    title: { ko: '폐배터리 재활용 공정', en: 'Battery recycling process' },
    track: 'recycling',
    code: 'REC-101',
  });
  const trainees: Awaited<ReturnType<typeof make.trainee>>[] = [];
  const enrollments: Awaited<ReturnType<typeof make.enrollment>>[] = [];
  for (const [i, name] of ['=CMD()', '김동의', '이비동의'].entries()) {
    const t = await make.trainee({
      name,
      consent: i < 2,
      category: 'employee',
      pohangResident: true,
      email: `t${i}-${Date.now()}@example.kr`,
    });
    trainees.push(t);
    enrollments.push(await make.enrollment(course, t));
  }
  const staff = await loginAgent(app, (await make.staff('postech')).email);
  const city = await loginAgent(app, (await make.cityStaff()).email);
  const [, e1, e2] = enrollments.map((e) => String(e._id));
  const submit = (path: string, body: string | Record<string, string>, status = 303) =>
    staff.agent.post(path).type('form').send(body).expect(status);

  return {
    course,
    trainees,
    enrollments,
    staff,
    city,
    /** The sessions in calendar order. */
    sessions: [...course.sessions].sort(bySessionStart),

    /** Everyone present throughout, except 이비동의 absent throughout and 김동의 excused (with a reason) on day one. */
    async markAttendance() {
      const body = [
        `_csrf=${encodeURIComponent(staff.csrf)}`,
        ...this.sessions.map((s) => `allSession[${String(s._id)}]=present`),
        `allTrainee[${e2}]=absent`,
        new URLSearchParams(
          gridFields([
            { enrollment: e1!, session: String(this.sessions[0]!._id), mark: 'excused', remark: '병원 진료' },
          ]),
        ).toString(),
      ];
      await submit(`/manage/courses/${course._id}/attendance`, body.join('&'));
    },

    /** Completion by the rule: 이비동의's decision first, then the rest; the two others get certificates. */
    async complete() {
      await submit(
        `/manage/courses/${course._id}/complete`,
        `_csrf=${encodeURIComponent(staff.csrf)}&decision[${e2}]=rule&confirm=yes`,
      );
      await submit(`/manage/courses/${course._id}/complete`, `_csrf=${encodeURIComponent(staff.csrf)}&confirm=yes`);
    },

    /** Revokes =CMD()'s certificate, which takes that completion back. */
    async revokeFirstCertificate() {
      const cert = await Certificate.findOne({ trainee: trainees[0]!._id }).lean();
      if (!cert) throw new Error('no certificate to revoke: run complete() first');
      await submit(`/manage/certificates/${cert.number}/revoke`, {
        _csrf: staff.csrf,
        reason: '출석 기록 오류',
        confirm: 'yes',
      });
      return cert;
    },

    /** Submits the university's 2026-Q3 report; the answer redirects to it. */
    submitQuarterReport() {
      return submit('/manage/reports', { _csrf: staff.csrf, scope: 'quarter', quarter: '2026-Q3' });
    },
  };
}

export type CompletionCourse = Awaited<ReturnType<typeof completionCourse>>;

/** How far the course has come before a file's tests start: each stage includes the ones before it. */
const stages = ['enrolled', 'attended', 'completed', 'revoked', 'reported'] as const;

/**
 * Registers a before hook that creates the course in the file's database and takes it to `stage`
 * (`attended`: markAttendance, `completed`: complete, `revoked`: revokeFirstCertificate, `reported`:
 * submitQuarterReport); the returned object is filled in by then.
 */
export function useCompletionCourse(ctx: TestContext, stage: (typeof stages)[number]): CompletionCourse {
  const c = {} as CompletionCourse;
  before(async () => {
    Object.assign(c, await completionCourse(ctx.app));
    const reached = stages.indexOf(stage);
    if (reached >= 1) await c.markAttendance();
    if (reached >= 2) await c.complete();
    if (reached >= 3) await c.revokeFirstCertificate();
    if (reached >= 4) await c.submitQuarterReport();
  });
  return c;
}
