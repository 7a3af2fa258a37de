import assert from 'node:assert/strict';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { useCompletionCourse } from '../../support/completion-course';
import { make } from '../../support/factories';
import { html, texts } from '../../support/html';

describe('completion reports (university staff pages)', () => {
  const ctx = useTestApp();
  const c = useCompletionCourse(ctx, 'revoked');

  it('submits the quarter report, which the city acknowledges; a return needs a note', async () => {
    const { staff, city } = c;
    const preview = await staff.agent.get('/manage/reports?scope=quarter&quarter=2026-Q3').expect(200);
    const $p = html(preview.text);
    // =CMD()'s certificate was revoked, which took the completion back.
    assert.equal($p('.report-preview .figure-totals [data-figure=completed]').text(), '1');
    assert.equal($p('.report-preview .figure-totals [data-figure=notCompleted]').text(), '2');
    // 이비동의 did not consent (and did not complete); the consenting completer is named.
    assert.deepEqual(texts(preview.text, '.report-preview .completers li'), ['김동의 — REC-101 폐배터리 재활용 공정']);
    const submitted = await c.submitQuarterReport();
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

  it("previews a one-course report, and refuses another university's course or a bad quarter", async () => {
    const page = await c.staff.agent.get(`/manage/reports?scope=course&course=${c.course._id}`).expect(200);
    assert.equal(html(page.text)('.report-preview .figure-totals [data-figure=enrollments]').text(), '3');
    const other = await loginAgent(ctx.app, (await make.staff('korea')).email);
    await other.agent.get(`/manage/reports?scope=course&course=${c.course._id}`).expect(404);
    const bad = await c.staff.agent.get('/manage/reports?scope=quarter&quarter=2026-Q5').expect(422);
    assert.match(html(bad.text)('.report-scope .error').text(), /2026-Q3 형식/);
  });

  it('offers a returned report a button to submit it again, which leads to the preview and a new version', async () => {
    const { staff, city } = c;
    const course = String(c.course._id);
    const sent = await staff.agent
      .post('/manage/reports')
      .type('form')
      .send({ _csrf: staff.csrf, scope: 'course', course })
      .expect(303);
    const id = sent.headers.location!.split('/').pop()!;
    const before = html((await staff.agent.get(`/manage/reports/${id}`).expect(200)).text);
    assert.equal(before('form.resubmit').length, 0, 'a submitted report has nothing to resubmit');
    await city.agent
      .post(`/city/reports/${id}/return`)
      .type('form')
      .send({ _csrf: city.csrf, note: '수치를 다시 확인해 주세요' })
      .expect(303);
    for (const [lang, label] of [
      ['ko', '다시 제출하기'],
      ['en', 'Submit again'],
    ] as const) {
      const $ = html((await staff.agent.get(`/manage/reports/${id}?lang=${lang}`).expect(200)).text);
      assert.equal($('form.resubmit button').text(), label);
    }
    const returned = html((await staff.agent.get(`/manage/reports/${id}?lang=ko`).expect(200)).text);
    const form = returned('form.resubmit');
    const query = new URLSearchParams(
      form
        .find('input[type=hidden]')
        .map((_i, el) => [[returned(el).attr('name')!, String(returned(el).val())]])
        .get() as [string, string][],
    );
    assert.equal(form.attr('action'), '/manage/reports');
    const preview = html((await staff.agent.get(`/manage/reports?${query}`).expect(200)).text);
    assert.equal(preview('.report-preview form[method=post] input[name=course]').val(), course);
    const resent = await staff.agent
      .post('/manage/reports')
      .type('form')
      .send({ _csrf: staff.csrf, scope: 'course', course })
      .expect(303);
    const v2 = html((await staff.agent.get(resent.headers.location!).expect(200)).text);
    assert.match(v2('h1').text(), /v2/);
    const old = html((await staff.agent.get(`/manage/reports/${id}`).expect(200)).text);
    assert.equal(old('form.resubmit').length, 0, 'once a new version is in, the old one offers nothing');
  });
});
