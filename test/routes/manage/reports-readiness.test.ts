import assert from 'node:assert/strict';
import { CompletionReport } from '../../../models/completion-report';
import { Enrollment } from '../../../models/enrollment';
import { findActor } from '../../../server/services/accounts/auth';
import { commitCompletion } from '../../../server/services/completion/completion-decide';
import { quarterOfDay } from '../../../server/services/figures/figures';
import { refreshCourseFigures } from '../../../server/services/copies/course-figures';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, days, make } from '../../support/factories';
import { html, texts } from '../../support/html';

describe('a report waits until every course it covers has ended and been decided', () => {
  const ctx = useTestApp();
  let staff: Awaited<ReturnType<typeof loginAgent>>;
  let staffId: string;
  let done: Awaited<ReturnType<typeof make.course>>;
  let undecided: Awaited<ReturnType<typeof make.course>>;
  let undecidedEnrollment: Awaited<ReturnType<typeof make.enrollment>>;

  before(async () => {
    const user = await make.staff('pknu');
    staffId = String(user._id);
    staff = await loginAgent(ctx.app, user.email);
    // 2026-Q3 at pknu: one course completed, one over but its completion not decided yet.
    done = await make.course({
      university: 'pknu',
      status: 'completed',
      code: 'SEP-110',
      title: { ko: '분리막 기초', en: 'Separator basics' },
      days: days('2026-07-06', 3),
    });
    await make.enrollment(done, await make.trainee(), 'completed');
    // A trainee who withdrew a week before the start, and one who dropped out on its second day.
    const early = await make.enrollment(done, await make.trainee(), 'withdrawn');
    await Enrollment.updateOne({ _id: early._id }, { $set: { withdrawnAt: new Date('2026-06-29T09:00:00+09:00') } });
    const dropout = await make.enrollment(done, await make.trainee(), 'withdrawn');
    await Enrollment.updateOne({ _id: dropout._id }, { $set: { withdrawnAt: new Date('2026-07-07T13:00:00+09:00') } });
    await refreshCourseFigures(done._id);
    undecided = await make.course({
      university: 'pknu',
      status: 'closed',
      code: 'ANO-220',
      title: { ko: '음극재 공정', en: 'Anode process' },
      days: days('2026-09-14', 3),
    });
    undecidedEnrollment = await make.enrollment(undecided, await make.trainee());
  });

  it('shows on the preview which courses hold the quarter back, and offers no submit button', async () => {
    const page = await staff.agent.get('/manage/reports?scope=quarter&quarter=2026-Q3').expect(200);
    const $ = html(page.text);
    assert.deepEqual(texts(page.text, '.report-blockers li'), ['ANO-220 음극재 공정 — 수료 처리 전']);
    assert.equal($('.report-blockers a').attr('href'), `/manage/courses/${undecided._id}/complete`);
    assert.equal($('.report-preview form[method=post]').length, 0);
    // A withdrawal before the start counts nowhere; the dropout counts as one.
    assert.equal($('.report-preview .figure-totals [data-figure=enrollments]').text(), '3');
    assert.equal($('.report-preview .figure-totals [data-figure=withdrawn]').text(), '1');
  });

  it('refuses the submission with a message naming the courses, and writes nothing', async () => {
    const res = await staff.agent
      .post('/manage/reports')
      .type('form')
      .send({ _csrf: staff.csrf, scope: 'quarter', quarter: '2026-Q3' })
      .expect(422);
    assert.match(html(res.text)('.form-errors').text(), /과정이 모두 끝나고 수료 처리된 뒤에 제출할 수 있습니다/);
    assert.deepEqual(texts(res.text, '.report-blockers li'), ['ANO-220 음극재 공정 — 수료 처리 전']);
    const course = await staff.agent
      .post('/manage/reports')
      .type('form')
      .send({ _csrf: staff.csrf, scope: 'course', course: String(undecided._id) })
      .expect(422);
    assert.deepEqual(texts(course.text, '.report-blockers li'), ['ANO-220 음극재 공정 — 수료 처리 전']);
    const english = await staff.agent.get('/manage/reports?scope=quarter&quarter=2026-Q3&lang=en').expect(200);
    assert.deepEqual(texts(english.text, '.report-blockers li'), ['ANO-220 Anode process — Completion not decided']);
    await staff.agent.get('/manage/reports?lang=ko').expect(200);
    assert.equal(await CompletionReport.countDocuments({}), 0);
  });

  it('names courses still running or not started, in their own quarters', async () => {
    const running = await make.course({ university: 'pknu', code: 'RUN-1', days: [dayFromNow(-1), dayFromNow(1)] });
    const ahead = await make.course({ university: 'pknu', code: 'NEW-1', days: [dayFromNow(3), dayFromNow(4)] });
    for (const [course, state] of [
      [running, '진행 중'],
      [ahead, '시작 전'],
    ] as const) {
      const quarter = quarterOfDay(
        course.sessions
          .map((s) => s.date)
          .sort()
          .at(-1) ?? '',
      );
      const page = await staff.agent.get(`/manage/reports?scope=quarter&quarter=${quarter}`).expect(200);
      assert.ok(
        texts(page.text, '.report-blockers li').includes(`${course.code} ${course.title.ko} — ${state}`),
        `${course.code} in ${quarter}`,
      );
    }
  });

  it('accepts the quarter once its last course is decided', async () => {
    await make.marks(undecided, undecidedEnrollment, ['present', 'present', 'present']);
    const actor = await findActor(staffId);
    assert.ok(actor);
    await commitCompletion(actor, String(undecided._id), {});
    const page = await staff.agent.get('/manage/reports?scope=quarter&quarter=2026-Q3').expect(200);
    assert.equal(html(page.text)('.report-blockers').length, 0);
    await staff.agent
      .post('/manage/reports')
      .type('form')
      .send({ _csrf: staff.csrf, scope: 'quarter', quarter: '2026-Q3' })
      .expect(303);
    const report = await CompletionReport.findOne({ period: '2026-Q3' }).lean();
    assert.ok(report);
    const figures = (
      JSON.parse(report.snapshot) as { figures: { enrollments: number; completed: number; withdrawn: number } }
    ).figures;
    assert.deepEqual([figures.enrollments, figures.completed, figures.withdrawn], [3, 2, 1]);
  });
});
