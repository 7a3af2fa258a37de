import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { Attendance } from '../../models/attendance';
import { Certificate } from '../../models/certificate';
import { CompletionReport } from '../../models/completion-report';
import { bySessionStart, Course } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import {
  createCityStaff,
  createCourse,
  createEnrollment,
  createStaff,
  createTrainee,
  days,
} from '../support/factories';
import { html, texts } from '../support/html';

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('attendance, completion, certificates, reports and the city (pages)', () => {
  const ctx = useTestApp();
  let course: Awaited<ReturnType<typeof createCourse>>;
  let staff: Awaited<ReturnType<typeof loginAgent>>;
  let city: Awaited<ReturnType<typeof loginAgent>>;
  const trainees: Awaited<ReturnType<typeof createTrainee>>[] = [];
  const enrollments: Awaited<ReturnType<typeof createEnrollment>>[] = [];

  before(async () => {
    course = await createCourse({
      status: 'closed',
      days: days('2026-08-10', 5),
      title: { ko: '폐배터리 재활용 공정', en: 'Battery recycling process' },
      track: 'recycling',
      code: 'REC-101',
    });
    for (const [i, name] of ['=CMD()', '김동의', '이비동의'].entries()) {
      const t = await createTrainee({
        name,
        consent: i < 2,
        category: 'employee',
        pohangResident: true,
        email: `t${i}-${Date.now()}@example.kr`,
      });
      trainees.push(t);
      enrollments.push(await createEnrollment(course, t));
    }
    staff = await loginAgent(ctx.app, (await createStaff('postech')).email);
    city = await loginAgent(ctx.app, (await createCityStaff()).email);
  });

  it('records attendance in one submit, with bulk choices and a reason required for excused', async () => {
    const page = await staff.agent.get(`/manage/courses/${course._id}/attendance`).expect(200);
    const $ = html(page.text);
    assert.equal($('.attendance-grid tbody tr').length, 3);
    assert.match($('.counting-rule').text(), /지각·조퇴 3회는 결석 1회/);
    const sessions = [...course.sessions].sort(bySessionStart);
    const [e0, e1, e2] = enrollments.map((e) => String(e._id));
    const s = sessions.map((x) => String(x._id));
    const bad = await staff.agent
      .post(`/manage/courses/${course._id}/attendance`)
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(staff.csrf)}&cell[${e2}][${s[0]}]=excused&remark[${e2}][${s[0]}]=&cell[${e1}][${s[1]}]=late`,
      )
      .expect(422);
    const $bad = html(bad.text);
    assert.match($bad('.attendance-grid .error').text(), /공결은 사유/);
    assert.equal($bad(`select[name="cell[${e1}][${s[1]}]"]`).val(), 'late', 'the user input is kept');
    assert.equal(await Attendance.countDocuments({}), 0, 'nothing written');

    const body = [
      `_csrf=${encodeURIComponent(staff.csrf)}`,
      ...s.map((sid) => `allSession[${sid}]=present`),
      `allTrainee[${e2}]=absent`,
      `cell[${e1}][${s[0]}]=excused`,
      `remark[${e1}][${s[0]}]=${encodeURIComponent('병원 진료')}`,
    ];
    await staff.agent.post(`/manage/courses/${course._id}/attendance`).type('form').send(body.join('&')).expect(303);
    assert.equal(await Attendance.countDocuments({ enrollment: e0, status: 'present' }), 5);
    assert.equal(await Attendance.countDocuments({ enrollment: e2, status: 'absent' }), 5);
    // The cell changed in the same submit is an exception to the session's bulk choice.
    assert.equal((await Attendance.findOne({ enrollment: e1, session: s[0] }).lean())?.status, 'excused');
    assert.equal(await Attendance.countDocuments({ enrollment: e1, status: 'present' }), 4);
    const grid = await staff.agent.get(`/manage/courses/${course._id}/attendance`).expect(200);
    assert.match(html(grid.text)(`tr[data-enrollment="${e2}"] .risk-flag`).text(), /도달 불가/);
  });

  it('previews, refuses an override without reason, commits once and issues certificates', async () => {
    const [e0, , e2] = enrollments.map((e) => String(e._id));
    const preview = await staff.agent.get(`/manage/courses/${course._id}/complete`).expect(200);
    // The excused day (with its reason) counts as attended; the all-absent trainee does not complete.
    assert.deepEqual(texts(preview.text, '.completion-preview .rule-outcome'), ['수료', '수료', '미수료']);
    const bad = await staff.agent
      .post(`/manage/courses/${course._id}/complete`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(staff.csrf)}&decision[${e0}]=not_completed&reason[${e0}]=`)
      .expect(422);
    assert.match(html(bad.text)('.completion-preview .error').text(), /사유/);
    await staff.agent
      .post(`/manage/courses/${course._id}/complete`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(staff.csrf)}&decision[${e2}]=rule&confirm=yes`)
      .expect(303);
    await staff.agent
      .post(`/manage/courses/${course._id}/complete`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(staff.csrf)}&confirm=yes`)
      .expect(303);
    assert.equal(await Certificate.countDocuments({ course: course._id }), 2);
    assert.equal((await Enrollment.findById(e2).lean())?.status, 'not_completed');
    const after = await staff.agent.get(`/manage/courses/${course._id}/complete`).expect(200);
    assert.equal(html(after.text)('.certificate-list tbody tr').length, 2);
    const zip = await staff.agent
      .get(`/manage/courses/${course._id}/certificates.zip`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    assert.equal(zip.headers['content-type'], 'application/zip');
    assert.equal((zip.body as Buffer).subarray(0, 2).toString(), 'PK');
  });

  it('shows the certificate to its owner and the public check with five facts only', async () => {
    const owner = trainees[1]!;
    const cert = await Certificate.findOne({ trainee: owner._id }).lean();
    assert.ok(cert);
    const me = await loginAgent(ctx.app, owner.email);
    const page = await me.agent.get(`/certificates/${cert.number}`).expect(200);
    assert.equal(html(page.text)('.certificate-name').text(), '김동의');
    const pdf = await me.agent.get(`/certificates/${cert.number}.pdf`).buffer(true).parse(binary).expect(200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal((pdf.body as Buffer).subarray(0, 4).toString(), '%PDF');
    const other = await loginAgent(ctx.app, trainees[2]!.email);
    await other.agent.get(`/certificates/${cert.number}`).expect(404);
    await other.agent.get(`/certificates/${cert.number}.pdf`).expect(404);
    await request(ctx.app).get(`/certificates/${cert.number}`).expect(303);

    const check = await request(ctx.app).get(`/verify/${cert.code}`).expect(200);
    const $ = html(check.text);
    assert.deepEqual(texts(check.text, '.verify-facts dt'), ['성명', '과정명', '교육기관', '교육시간', '발급일']);
    assert.deepEqual(texts(check.text, '.verify-facts dd').slice(0, 4), [
      '김동의',
      '폐배터리 재활용 공정',
      '포스텍',
      '15시간',
    ]);
    const main = $('main').text();
    for (const secret of [owner.email, '재직자', 'employee', '거주', cert.number])
      assert.ok(!main.includes(secret), `verification page leaks ${secret}`);
    const unknown = await request(ctx.app).get('/verify/NoSuchCodeNoSuchCode00').expect(404);
    assert.match(html(unknown.text)('.verify-result').text(), /확인할 수 없는 코드/);

    const transcript = await me.agent.get('/me/transcript').expect(200);
    assert.match(html(transcript.text)('.transcript').text(), /폐배터리 재활용 공정/);
    assert.equal(html(transcript.text)('.transcript-total').text(), '15');
  });

  it('lets staff revoke with a reason, and the check then says so plainly', async () => {
    const cert = await Certificate.findOne({ trainee: trainees[0]!._id }).lean();
    assert.ok(cert);
    const bad = await staff.agent
      .post(`/manage/certificates/${cert.number}/revoke`)
      .type('form')
      .send({ _csrf: staff.csrf, reason: '' })
      .expect(422);
    assert.equal(html(bad.text)('#e-reason').text(), '필수 입력 항목입니다.');
    await staff.agent
      .post(`/manage/certificates/${cert.number}/revoke`)
      .type('form')
      .send({ _csrf: staff.csrf, reason: '출석 기록 오류', confirm: 'yes' })
      .expect(303);
    const check = await request(ctx.app).get(`/verify/${cert.code}`).expect(200);
    assert.match(html(check.text)('.verify-result').text(), /취소된 수료증/);
    assert.equal(html(check.text)('.verify-facts').length, 0);
  });

  it('gives another university 404 on every route here, and refuses trainees and anonymous visitors', async () => {
    const other = await loginAgent(ctx.app, (await createStaff('korea')).email);
    const cert = await Certificate.findOne({ course: course._id }).lean();
    const report = await CompletionReport.create({
      university: course.university,
      period: '2026-Q1',
      version: 1,
      snapshot: '{}',
      contentHash: 'x',
      submittedBy: trainees[0]!._id,
      submittedAt: new Date(),
    });
    for (const path of [
      `/manage/courses/${course._id}/attendance`,
      `/manage/courses/${course._id}/complete`,
      `/manage/courses/${course._id}/certificates.zip`,
      `/manage/reports/${report._id}`,
      `/certificates/${cert?.number}`,
    ]) {
      await other.agent.get(path).expect(404);
    }
    for (const path of [
      `/manage/courses/${course._id}/attendance`,
      `/manage/courses/${course._id}/complete`,
      `/manage/certificates/${cert?.number}/revoke`,
    ]) {
      await other.agent.post(path).type('form').send({ _csrf: other.csrf, reason: 'x' }).expect(404);
    }
    const trainee = await loginAgent(ctx.app, trainees[2]!.email);
    for (const path of [
      `/manage/courses/${course._id}/attendance`,
      '/manage/reports',
      '/city',
      '/city/reports',
      '/city/export.csv',
    ]) {
      await trainee.agent.get(path).expect(403);
      await request(ctx.app).get(path).expect(303);
    }
    await staff.agent.get('/city').expect(403);
    await city.agent.post(`/manage/courses/${course._id}/complete`).type('form').send({ _csrf: city.csrf }).expect(403);
    await CompletionReport.deleteOne({ _id: report._id });
  });

  it('submits the quarter report, which the city acknowledges; a return needs a note', async () => {
    const preview = await staff.agent.get('/manage/reports?scope=quarter&quarter=2026-Q3').expect(200);
    const $p = html(preview.text);
    // =CMD()'s certificate was revoked above, which took the completion back.
    assert.equal($p('.report-preview .figure-totals [data-figure=completed]').text(), '1');
    assert.equal($p('.report-preview .figure-totals [data-figure=notCompleted]').text(), '2');
    // 이비동의 did not consent (and did not complete); the consenting completer is named.
    assert.deepEqual(texts(preview.text, '.report-preview .completers li'), ['김동의 — REC-101 폐배터리 재활용 공정']);
    const submitted = await staff.agent
      .post('/manage/reports')
      .type('form')
      .send({ _csrf: staff.csrf, scope: 'quarter', quarter: '2026-Q3' })
      .expect(303);
    const again = await staff.agent
      .post('/manage/reports')
      .type('form')
      .send({ _csrf: staff.csrf, scope: 'quarter', quarter: '2026-Q3' })
      .expect(422);
    assert.match(html(again.text)('.form-errors').text(), /이미 제출/);
    const id = submitted.headers.location?.split('/').pop();
    const inbox = await city.agent.get('/city/reports?status=submitted').expect(200);
    assert.equal(html(inbox.text)(`a[href="/city/reports/${id}"]`).length, 1);
    const open = await city.agent.get(`/city/reports/${id}`).expect(200);
    assert.match(html(open.text)('.hash-check').text(), /일치/);
    const noNote = await city.agent
      .post(`/city/reports/${id}/return`)
      .type('form')
      .send({ _csrf: city.csrf, note: '' })
      .expect(422);
    assert.match(html(noNote.text)('#e-note').text(), /의견/);
    await city.agent.post(`/city/reports/${id}/acknowledge`).type('form').send({ _csrf: city.csrf }).expect(303);
    const done = await staff.agent.get(`/manage/reports/${id}`).expect(200);
    assert.match(html(done.text)('.report-meta .report-status').text(), /접수 확인/);
  });

  it('shows the city dashboard with charts and tables, and exports CSV and XLSX with the same filters', async () => {
    const page = await city.agent.get('/city?period=2026-Q3&university=postech').expect(200);
    const $ = html(page.text);
    assert.equal($('svg.chart').length, 4);
    assert.equal($('script:not([src])').length, 0);
    assert.equal($('.figure-totals [data-figure=enrollments]').text(), '3');
    assert.equal(
      $('.figures-table[data-kind=university] tr[data-key=postech] [data-figure=completionRate]').text(),
      '33.3%',
    );
    const csv = await city.agent.get('/city/export.csv?period=2026-Q3&university=postech').expect(200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.ok(csv.text.startsWith('\uFEFF'), 'BOM');
    assert.ok(csv.text.includes("'=CMD()"), 'formula neutralised');
    assert.ok(!csv.text.includes('이비동의'), 'only consenting trainees named');
    assert.equal(csv.text.trim().split('\r\n').length, 4);
    const none = await city.agent.get('/city/export.csv?university=korea').expect(200);
    assert.equal(none.text.trim().split('\r\n').length, 1);
    const xlsx = await city.agent.get('/city/export.xlsx?period=2026-Q3').buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('enrollments');
    assert.ok(sheet);
    assert.equal(sheet.getRow(1).getCell(1).value, 'university');
    assert.equal(sheet.rowCount, 4);
    const completedRow = [2, 3, 4].map((r) => sheet.getRow(r)).find((r) => r.getCell(9).value === 'completed');
    assert.ok(completedRow);
    assert.equal(typeof completedRow.getCell(10).value, 'number');
    assert.ok(completedRow.getCell(11).value instanceof Date);
    assert.equal(typeof completedRow.getCell(8).value, 'boolean');
  });

  it("previews a one-course report, and refuses another university's course or a bad quarter", async () => {
    const page = await staff.agent.get(`/manage/reports?scope=course&course=${course._id}`).expect(200);
    assert.equal(html(page.text)('.report-preview .figure-totals [data-figure=enrollments]').text(), '3');
    const other = await loginAgent(ctx.app, (await createStaff('korea')).email);
    await other.agent.get(`/manage/reports?scope=course&course=${course._id}`).expect(404);
    const bad = await staff.agent.get('/manage/reports?scope=quarter&quarter=2026-Q5').expect(422);
    assert.match(html(bad.text)('.report-scope .error').text(), /2026-Q3 형식/);
  });

  it('speaks English when asked', async () => {
    const cert = await Certificate.findOne({ trainee: trainees[1]!._id }).lean();
    const check = await request(ctx.app).get(`/verify/${cert?.code}?lang=en`).expect(200);
    assert.equal(html(check.text)('h1').text(), 'Certificate check');
    assert.deepEqual(texts(check.text, '.verify-facts dt'), ['Name', 'Course', 'University', 'Hours', 'Issued']);
    assert.equal(texts(check.text, '.verify-facts dd')[1], 'Battery recycling process');
  });

  it('keeps the submitted snapshot when the course is edited afterwards', async () => {
    const report = await CompletionReport.findOne({ period: '2026-Q3' }).lean();
    assert.ok(report);
    await Course.updateOne({ _id: course._id }, { 'title.ko': '이름이 바뀐 과정' });
    const page = await city.agent.get(`/city/reports/${report._id}`).expect(200);
    assert.match(html(page.text)('.report-snapshot').text(), /폐배터리 재활용 공정/);
    assert.match(html(page.text)('.hash-check').text(), /일치/);
  });
});
