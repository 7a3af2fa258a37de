import assert from 'node:assert/strict';
import request from 'supertest';
import { CompletionReport } from '../../../models/completion-report';
import { University } from '../../../models/university';
import { quarterOfDay } from '../../../server/services/figures/figures';
import { reviewReport, submitReport } from '../../../server/services/reports/completion-reports';
import { seoulDayOf } from '../../../server/lib/calendar';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { actorOf, days, make } from '../../support/factories';
import { pdfPages, pdfText } from '../../support/documents';
import { html } from '../../support/html';
import { binaryBody } from '../../support/streams';

/** A completed course at `university` whose last day is `day`, with `completed` completers and one dropout. */
async function finishedCourse(university: string, day: string, code: string, completed: number) {
  const course = await make.course({ university, status: 'completed', code, days: days(day, 1) });
  for (let i = 0; i < completed; i++)
    await make.enrollment(course, await make.trainee({ consent: i === 0, name: `수료생 ${code} ${i}` }), 'completed');
  await make.enrollment(course, await make.trainee({ category: 'student' }), 'not_completed');
  return course;
}

describe('city reports: the status matrix and the report PDF', () => {
  const ctx = useTestApp();
  let city: Awaited<ReturnType<typeof loginAgent>>;
  let postechStaff: Awaited<ReturnType<typeof loginAgent>>;
  let koreaStaff: Awaited<ReturnType<typeof loginAgent>>;
  let trainee: Awaited<ReturnType<typeof loginAgent>>;
  const reportIds: Record<string, string> = {};

  before(async function () {
    this.timeout(60_000);
    const cityUser = await make.cityStaff({ name: '포항시 주무관' });
    const postech = await make.staff('postech', { name: '포스텍 담당자' });
    const korea = await make.staff('korea', { name: '고려대 담당자' });
    // Last year's Q3: postech and korea have courses; postech reports (acknowledged), korea does not.
    await finishedCourse('postech', '2025-08-04', 'P-253', 2);
    await finishedCourse('korea', '2025-08-11', 'K-253', 1);
    // This year's Q1 (2026): postech reports and is returned, then submits version 2; knu has a course and no report.
    await finishedCourse('postech', '2026-02-02', 'P-261', 3);
    await finishedCourse('knu', '2026-03-02', 'N-261', 1);
    const [cityActor, postechActor] = [await actorOf(cityUser), await actorOf(postech)];
    const q3 = await submitReport(postechActor, { kind: 'quarter', quarter: '2025-Q3' });
    await reviewReport(cityActor, String(q3._id), 'acknowledged', '');
    const q1 = await submitReport(postechActor, { kind: 'quarter', quarter: '2026-Q1' });
    await reviewReport(cityActor, String(q1._id), 'returned', '수치 확인 필요');
    const q1v2 = await submitReport(postechActor, { kind: 'quarter', quarter: '2026-Q1' });
    Object.assign(reportIds, { q3: String(q3._id), q1: String(q1._id), q1v2: String(q1v2._id) });
    // 2026-Q2: yu reports its one course in a course report, which covers the quarter; handong's course report was returned.
    const yuCourse = await finishedCourse('yu', '2026-05-04', 'Y-262', 1);
    await submitReport(await actorOf(await make.staff('yu')), { kind: 'course', courseId: String(yuCourse._id) });
    const handongCourse = await finishedCourse('handong', '2026-05-11', 'H-262', 1);
    const handongReport = await submitReport(await actorOf(await make.staff('handong')), {
      kind: 'course',
      courseId: String(handongCourse._id),
    });
    await reviewReport(cityActor, String(handongReport._id), 'returned', '다시 확인');
    city = await loginAgent(ctx.app, cityUser.email);
    postechStaff = await loginAgent(ctx.app, postech.email);
    koreaStaff = await loginAgent(ctx.app, korea.email);
    trainee = await loginAgent(ctx.app, (await make.trainee()).email);
  });

  it('shows every university against every quarter, with "not submitted" exactly where no report exists', async () => {
    const page = await city.agent.get('/city/reports/status?lang=en').expect(200);
    const $ = html(page.text);
    const quarters = $('table.report-matrix thead th[scope=col]')
      .slice(1)
      .map((_i, el) => $(el).text().trim())
      .get();
    const current = quarterOfDay(seoulDayOf(Date.now()));
    const year = current.slice(0, 4);
    for (let q = 1; `${year}-Q${q}` <= current; q++) assert.ok(quarters.includes(`${year}-Q${q}`), `${year}-Q${q}`);
    assert.ok(quarters.includes('2025-Q3'), 'an earlier quarter with courses is shown');
    assert.ok(!quarters.includes('2025-Q2'), 'an earlier quarter without courses is not');

    // Computed independently: a cell is "not submitted" iff the university has no report for the quarter.
    const universities = await University.find({ active: true }).lean();
    const reports = await CompletionReport.find({}, { university: 1, period: 1 }).lean();
    const reported = new Set(reports.map((r) => `${String(r.university)}/${r.period}`));
    assert.equal($('table.report-matrix tbody tr').length, universities.length);
    for (const u of universities) {
      for (const quarter of quarters) {
        const cell = $(`tr[data-university="${u.code}"] td[data-quarter="${quarter}"]`);
        assert.equal(cell.length, 1, `${u.code} ${quarter}`);
        const unreported = ['in_progress', 'not_applicable', 'course_reports', 'not_submitted'];
        const expected = reported.has(`${String(u._id)}/${quarter}`) ? 'reported' : 'unreported';
        assert.equal(unreported.includes(cell.attr('data-state') ?? '') ? 'unreported' : 'reported', expected);
        if (quarter === current && expected === 'unreported') assert.equal(cell.attr('data-state'), 'in_progress');
      }
    }
    // The latest version decides the state, and the cell links to it.
    const q1 = $('tr[data-university="postech"] td[data-quarter="2026-Q1"]');
    assert.equal(q1.attr('data-state'), 'submitted');
    assert.equal(q1.find('a').attr('href'), `/city/reports/${reportIds.q1v2}`);
    assert.match(q1.text(), /Submitted\s+v2/);
    const q3 = $('tr[data-university="postech"] td[data-quarter="2025-Q3"]');
    assert.equal(q3.attr('data-state'), 'acknowledged');
    assert.equal(q3.find('a').attr('href'), `/city/reports/${reportIds.q3}`);
    // What is missing: korea had two enrollments in 2025-Q3, knu two in 2026-Q1; kangwon had nothing.
    assert.match($('tr[data-university="korea"] td[data-quarter="2025-Q3"]').text(), /Not submitted\s+2 enrollments/);
    assert.match($('tr[data-university="knu"] td[data-quarter="2026-Q1"]').text(), /Not submitted\s+2 enrollments/);
    assert.match($('tr[data-university="kangwon"] td[data-quarter="2026-Q1"]').text(), /^\s*Not applicable\s*$/);
    assert.equal($('tr[data-university="kangwon"] td[data-quarter="2026-Q1"]').attr('data-state'), 'not_applicable');
    assert.match($(`tr[data-university="kangwon"] td[data-quarter="${current}"]`).text(), /In progress/);
    // A quarter whose courses were all reported by course counts as reported; a returned course report does not.
    const yu = $('tr[data-university="yu"] td[data-quarter="2026-Q2"]');
    assert.equal(yu.attr('data-state'), 'course_reports');
    assert.match(yu.text(), /Reported by course\s+2 enrollments/);
    assert.equal($('tr[data-university="handong"] td[data-quarter="2026-Q2"]').attr('data-state'), 'not_submitted');
    // Not submitted means one thing only: a closed quarter, with enrollments, and no report.
    $('td[data-state="not_submitted"]').each((_i, el) => {
      const quarter = $(el).attr('data-quarter') ?? '';
      assert.ok(quarter < current, `${quarter} has ended`);
      assert.match($(el).text(), /[1-9]\d* enrollments?/);
    });
    const missing = $('tfoot td')
      .map((_i, el) => $(el).text().trim())
      .get();
    assert.equal(missing[quarters.indexOf('2025-Q3')], '1');
    assert.equal(missing[quarters.indexOf('2026-Q1')], '1');
    assert.equal(missing[quarters.indexOf('2026-Q2')], '1', 'handong owes one; yu reported by course');
  });

  it('reads in Korean too', async () => {
    const $ = html((await city.agent.get('/city/reports/status?lang=ko').expect(200)).text);
    assert.equal($('h1').text(), '보고 현황');
    assert.match($('tr[data-university="korea"] td[data-quarter="2025-Q3"]').text(), /미제출\s+수강 2건/);
    assert.match($('tr[data-university="kangwon"] td[data-quarter="2026-Q1"]').text(), /해당 없음/);
    assert.match($('tr[data-university="yu"] td[data-quarter="2026-Q2"]').text(), /과정별 보고로 제출/);
    const current = quarterOfDay(seoulDayOf(Date.now()));
    assert.match($(`tr[data-university="kangwon"] td[data-quarter="${current}"]`).text(), /진행 중/);
  });

  it('prints a report as an A4 PDF with its version, hash and dates, in the page language', async () => {
    const report = await CompletionReport.findById(reportIds.q3).lean();
    assert.ok(report);
    const res = await city.agent
      .get(`/city/reports/${reportIds.q3}.pdf?lang=en`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = res.body as Buffer;
    assert.match(pdf.toString('latin1'), /\/MediaBox \[0 0 595\.28 841\.89\]/, 'A4 portrait');
    const text = pdfText(pdf);
    assert.equal(pdfPages(pdf), 1, 'a short report fits one page, its footer included');
    assert.match(text, /Battery workforce programme completion report/);
    assert.match(text, /POSTECH/);
    assert.match(text, /2025-Q3/);
    assert.match(text, /Version\s+v1/);
    assert.match(text, /Acknowledged\s+\d{1,2} \w+ \d{4}.*포항시 주무관/);
    assert.match(text, /Submitted\s+\d{1,2} \w+ \d{4}.*포스텍 담당자/);
    assert.ok(text.replace(/\s+/g, '').includes(report.contentHash), 'the hash is printed');
    assert.match(text, /Completed/);
    assert.match(text, /수료생 P-253 0/, 'the consenting completer is named');
    assert.doesNotMatch(text, /수료생 P-253 1/, 'one who did not consent is not');

    const ko = pdfText(
      (await city.agent.get(`/city/reports/${reportIds.q1}.pdf?lang=ko`).buffer(true).parse(binaryBody).expect(200))
        .body as Buffer,
    );
    assert.match(ko, /수료 보고서/);
    assert.match(ko, /반려일시/);
    assert.match(ko, /수치 확인 필요/);
    assert.match(ko, /버전\s+v1/);
  });

  it("prints a course report's period as the course's dates, with every column of the web page", async () => {
    const report = await CompletionReport.findOne({ period: /^course:/, label: /Y-262/ }).lean();
    assert.ok(report);
    const id = String(report._id);
    for (const lang of ['ko', 'en'] as const) {
      const web = html((await city.agent.get(`/city/reports/${id}?lang=${lang}`).expect(200)).text);
      const columns = web('table.figures-table[data-kind="course"] thead th')
        .map((_i, el) => web(el).text().trim())
        .get()
        .slice(1);
      assert.equal(columns.length, 8);
      const pdf = (
        await city.agent.get(`/city/reports/${id}.pdf?lang=${lang}`).buffer(true).parse(binaryBody).expect(200)
      ).body as Buffer;
      const text = pdfText(pdf);
      const words = new Set(text.split(/\s+/));
      for (const column of columns)
        for (const word of column.split(/\s+/)) assert.ok(words.has(word), `${lang}: column ${column} (${word})`);
      const period = lang === 'ko' ? /기간\s+2026년 5월 4일/ : /Period\s+4 May 2026/;
      assert.match(text, period, `${lang}: the period is the course's dates`);
      assert.doesNotMatch(text.match(lang === 'ko' ? /기간.*$/m : /Period.*$/m)?.[0] ?? '', /Y-262/);
      assert.match(text, lang === 'ko' ? /과정\s+Y-262/ : /Course\s+Y-262/, 'the course is named on its own line');
    }
    const quarter = pdfText(
      (await city.agent.get(`/city/reports/${reportIds.q3}.pdf?lang=en`).buffer(true).parse(binaryBody).expect(200))
        .body as Buffer,
    );
    assert.match(quarter, /2025-Q3 \(1 July 2025 – 30 September 2025\)/);
  });

  it('gives the PDF to the report university staff and city staff only', async () => {
    await postechStaff.agent.get(`/manage/reports/${reportIds.q3}.pdf`).buffer(true).parse(binaryBody).expect(200);
    await koreaStaff.agent.get(`/manage/reports/${reportIds.q3}.pdf`).expect(404);
    await koreaStaff.agent.get(`/city/reports/${reportIds.q3}.pdf`).expect(403);
    await trainee.agent.get(`/manage/reports/${reportIds.q3}.pdf`).expect(403);
    await trainee.agent.get(`/city/reports/${reportIds.q3}.pdf`).expect(403);
    await request(ctx.app).get(`/city/reports/${reportIds.q3}.pdf`).expect(303);
    await city.agent.get('/city/reports/000000000000000000000000.pdf').expect(404);
    await postechStaff.agent.get('/city/reports/status').expect(403);
  });
});

describe('city dashboard drill-down', () => {
  const ctx = useTestApp();
  let city: Awaited<ReturnType<typeof loginAgent>>;

  before(async function () {
    this.timeout(60_000);
    await finishedCourse('postech', '2026-02-02', 'D-1', 3);
    await finishedCourse('postech', '2026-05-04', 'D-2', 1);
    await finishedCourse('korea', '2026-05-11', 'D-3', 2);
    const cell = await make.course({
      university: 'knu',
      status: 'completed',
      code: 'D-4',
      track: 'cell',
      days: days('2026-05-18', 1),
    });
    await make.enrollment(cell, await make.trainee({ category: 'employee', pohangResident: false }), 'completed');
    await make.enrollment(cell, await make.trainee({ category: 'student' }), 'withdrawn');
    city = await loginAgent(ctx.app, (await make.cityStaff()).email);
  });

  /** The figures shown by the cells matching `selector`, by name. */
  const figureCells = ($: ReturnType<typeof html>, selector: string) =>
    Object.fromEntries(
      $(selector)
        .toArray()
        .map((el) => [$(el).attr('data-figure'), $(el).text().trim()]),
    );

  /** Every linked figure of the dashboard at `query` equals the total of the courses its link lists. */
  async function checkDrillDown(query: string) {
    const $ = html((await city.agent.get(`/city?${query}`).expect(200)).text);
    const rows = $('table.figures-table tr[data-key]');
    assert.ok(rows.length >= 4, 'the dashboard has rows');
    for (const row of rows.toArray()) {
      const link = $(row).find('td[data-figure="enrollments"] a').attr('href');
      assert.ok(link, `row ${$(row).attr('data-key')} links its figures`);
      const shown = Object.fromEntries(
        $(row)
          .find('td[data-figure]')
          .toArray()
          .map((el) => [$(el).attr('data-figure'), $(el).text().trim()]),
      );
      const drill = html((await city.agent.get(link).expect(200)).text);
      assert.deepEqual(figureCells(drill, 'tr.drill-total td[data-figure]'), shown, link);
      const courses = drill('table.drill-courses tbody tr[data-course]').length;
      assert.ok(courses > 0, `${link} lists the courses`);
    }
    const totalsLink = $('dl.figure-totals dd[data-figure="completed"] a').attr('href');
    assert.ok(totalsLink);
    const drill = html((await city.agent.get(totalsLink).expect(200)).text);
    assert.equal(
      drill('tr.drill-total td[data-figure="completed"]').text(),
      $('dl.figure-totals dd[data-figure="completed"]').text().trim(),
    );
  }

  it('links every figure of every table to courses whose figures add up to it', async () => {
    await checkDrillDown('lang=en');
    await checkDrillDown('period=2026-Q2&lang=en');
  });

  it('lists the courses of one key with their own figures, named in the page language', async () => {
    const page = await city.agent.get('/city/courses?period=2026-Q2&category=student&lang=ko').expect(200);
    const $ = html(page.text);
    assert.deepEqual(
      $('tr[data-course] th a')
        .map((_i, el) => $(el).text())
        .get(),
      ['D-4', 'D-3', 'D-2'],
    );
    assert.equal($('dd[data-filter="category"]').text(), '대학(원)생');
    // Each of the three courses has one student (the not-completed one at D-2 and D-3, the dropout at D-4).
    assert.equal($('tr.drill-total td[data-figure="enrollments"]').text(), '3');
    assert.equal($('tr.drill-total td[data-figure="withdrawn"]').text(), '1');
  });

  it('is for city staff only', async () => {
    const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    await staff.agent.get('/city/courses').expect(403);
    await request(ctx.app).get('/city/courses').expect(303);
  });
});
