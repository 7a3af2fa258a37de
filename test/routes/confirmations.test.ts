// Actions that cannot be undone ask first, without JavaScript: the first post shows a confirm page
// and writes nothing; the page's form posts the same fields again with confirm=yes, which acts.
import assert from 'node:assert/strict';
import type { CheerioAPI } from 'cheerio';
import { AuditEvent } from '../../models/audit-event';
import { Certificate } from '../../models/certificate';
import { Course } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { Notification } from '../../models/notification';
import { toActor } from '../../server/services/accounts/auth';
import { applyToCourse } from '../../server/services/applications/apply';
import { type Agent, loginAgent, type SignedIn } from '../support/agents';
import { useTestApp } from '../support/app';
import { dayFromNow, make } from '../support/factories';
import { formBody, formFields, html, texts } from '../support/html';

describe('confirmation before irreversible actions', () => {
  const ctx = useTestApp();
  let staff: SignedIn;
  let english: SignedIn;

  before(async () => {
    staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    english = await loginAgent(ctx.app, (await make.staff('postech')).email);
    await english.agent.get('/?lang=en');
  });

  const post = (who: SignedIn, path: string, body: string | Record<string, unknown>) =>
    who.agent
      .post(path)
      .type('form')
      .send(typeof body === 'string' ? `_csrf=${encodeURIComponent(who.csrf)}&${body}` : { _csrf: who.csrf, ...body });

  /** Submits the confirm page's form as a browser would (its hidden fields, the reason as shown or changed). */
  function confirm(who: { agent: Agent }, $: CheerioAPI, changes: Record<string, string> = {}) {
    const action = $('form.confirm-form').attr('action')!;
    return who.agent
      .post(action)
      .type('form')
      .send(formBody(formFields($, 'form.confirm-form'), changes));
  }

  it('rejecting one application: shows whose it is and takes a reason; only the confirmation rejects', async () => {
    const course = await make.course({
      university: 'postech',
      approvalRequired: true,
      title: { ko: '셀 설계', en: 'Cell design' },
    });
    const trainee = await make.trainee({ name: '이반려' });
    const { enrollmentId } = await applyToCourse(toActor(trainee), String(course._id));

    const ask = await post(staff, `/manage/enrollments/${enrollmentId}/reject`, {}).expect(200);
    const $ = html(ask.text);
    assert.equal($('h1').text(), '신청 반려 확인');
    assert.match(
      $('.confirm-effects').text(),
      new RegExp(`이반려 \\(${trainee.email}\\) 님의 「셀 설계」 신청을 반려합니다`),
    );
    assert.equal($('.confirm-warning').text(), '이 작업은 되돌릴 수 없습니다.');
    assert.equal($('.confirm-form a.button').attr('href'), `/manage/courses/${String(course._id)}/roster`);
    assert.equal((await Enrollment.findById(enrollmentId).lean())?.status, 'pending', 'nothing written');
    assert.equal(await AuditEvent.countDocuments({ targetId: enrollmentId, action: 'enrollment.reject' }), 0);

    const tooLong = await confirm(staff, $, { reason: 'x'.repeat(301) }).expect(422);
    assert.equal(html(tooLong.text)('#e-reason').text(), '300자 이내로 입력해 주세요.');
    assert.equal((await Enrollment.findById(enrollmentId).lean())?.status, 'pending');

    const done = await confirm(staff, $, { reason: '정원 외 신청' }).expect(303);
    assert.equal(done.headers.location, `/manage/courses/${String(course._id)}/roster`);
    assert.equal((await Enrollment.findById(enrollmentId).lean())?.status, 'rejected');
    const notice = await Notification.findOne({ user: trainee._id, kind: 'rejected' }).lean();
    assert.deepEqual((notice?.params as { reason: string }).reason, '정원 외 신청');
    const me = await loginAgent(ctx.app, trainee.email);
    assert.match(
      html((await me.agent.get('/me')).text)('.notification[data-kind=rejected]').text(),
      /「셀 설계」 신청이 승인되지 않았습니다. 사유: 정원 외 신청/,
    );
  });

  it('cancelling a course: says how many applications end, in English too; only the confirmation cancels', async () => {
    const course = await make.course({
      university: 'postech',
      capacity: 1,
      title: { ko: '팩 안전', en: 'Pack safety' },
    });
    await applyToCourse(toActor(await make.trainee()), String(course._id));
    await applyToCourse(toActor(await make.trainee()), String(course._id));
    const path = `/manage/courses/${String(course._id)}/cancel`;

    const ko = html((await post(staff, path, {}).expect(200)).text);
    assert.deepEqual(texts(ko.html(), '.confirm-effects li'), [
      `${course.code} 「팩 안전」 과정을 취소합니다.`,
      '등록 1명, 승인 대기 0명, 대기자 1명의 신청이 모두 철회됩니다.',
      '해당 교육생 모두에게 알림과 이메일로 알립니다.',
    ]);
    const en = html((await post(english, path, {}).expect(200)).text);
    assert.equal(en('h1').text(), 'Confirm cancelling the course');
    assert.match(en('.confirm-effects').text(), /The course .+ “Pack safety” will be cancelled/);
    assert.equal((await Course.findById(course._id).lean())?.status, 'published', 'nothing written');
    assert.equal(await Enrollment.countDocuments({ course: course._id, status: 'withdrawn' }), 0);

    const noReason = await confirm(staff, ko).expect(422);
    assert.equal(html(noReason.text)('#e-reason').text(), '필수 입력 항목입니다.');
    assert.equal((await Course.findById(course._id).lean())?.status, 'published', 'no reason, nothing written');
    await confirm(staff, ko, { reason: '강사 사정' }).expect(303);
    assert.equal((await Course.findById(course._id).lean())?.status, 'cancelled');
    assert.equal(await Enrollment.countDocuments({ course: course._id, status: 'withdrawn' }), 2);
  });

  it('committing completion: lists each outcome and overrule; only the confirmation decides and issues certificates', async () => {
    const course = await make.course({
      university: 'postech',
      status: 'closed',
      days: [dayFromNow(-3), dayFromNow(-2)],
      title: { ko: '소재 분석', en: 'Materials analysis' },
    });
    const passing = await make.trainee({ name: '가수료' });
    const failing = await make.trainee({ name: '나미수' });
    const e1 = await make.enrollment(course, passing);
    const e2 = await make.enrollment(course, failing);
    await make.enrollment(course, await make.trainee(), 'waitlisted');
    await make.marks(course, e1, ['present', 'present']);
    await make.marks(course, e2, ['absent', 'absent']);
    const path = `/manage/courses/${String(course._id)}/complete`;

    const refused = await post(staff, path, `decision[${String(e2._id)}]=completed&reason[${String(e2._id)}]=`).expect(
      422,
    );
    assert.match(html(refused.text)('.completion-preview .error').text(), /사유/, 'the rules refuse before asking');

    const ask = await post(
      staff,
      path,
      `decision[${String(e2._id)}]=completed&reason[${String(e2._id)}]=${encodeURIComponent('보충 수업 이수')}`,
    ).expect(200);
    const $ = html(ask.text);
    assert.equal($('h1').text(), '수료 확정 확인');
    assert.deepEqual(texts(ask.text, '.confirm-effects li'), [
      '과정: 「소재 분석」 — 확정하면 과정이 종료(수료 처리)됩니다.',
      '수료 2명(수료증 발급), 미수료 0명으로 확정합니다.',
      '승인 대기·대기자 신청 1건이 종료되고 당사자에게 알립니다.',
    ]);
    assert.deepEqual(texts(ask.text, '.confirm-items li'), [
      '가수료: 수료',
      '나미수: 수료 (기준과 다르게 결정, 사유: 보충 수업 이수)',
    ]);
    assert.equal(await Certificate.countDocuments({ course: course._id }), 0, 'nothing written');
    assert.equal((await Course.findById(course._id).lean())?.status, 'closed');

    await confirm(staff, $).expect(303);
    assert.equal(await Certificate.countDocuments({ course: course._id }), 2);
    assert.equal((await Enrollment.findById(e2._id).lean())?.completion?.overrideReason, '보충 수업 이수');
    assert.equal((await Course.findById(course._id).lean())?.status, 'completed');
  });

  it('revoking a certificate: names it and keeps the reason; only the confirmation revokes, and a revoked one is not asked again', async () => {
    const course = await make.course({ university: 'postech', status: 'closed', days: [dayFromNow(-3)] });
    const enrollment = await make.enrollment(course, await make.trainee({ name: '다취소' }));
    await make.marks(course, enrollment, ['present']);
    await post(staff, `/manage/courses/${String(course._id)}/complete`, 'confirm=yes').expect(303);
    const certificate = (await Certificate.findOne({ enrollment: enrollment._id }).lean())!;
    const path = `/manage/certificates/${certificate.number}/revoke`;

    await post(staff, path, { reason: '' }).expect(422);
    const ask = await post(english, path, { reason: 'Attendance was misrecorded' }).expect(200);
    const $ = html(ask.text);
    assert.match(
      $('.confirm-effects').text(),
      new RegExp(`Certificate ${certificate.number} \\(다취소, “.+”\\) will be revoked`),
    );
    assert.equal($('.confirm-form textarea[name=reason]').text(), 'Attendance was misrecorded');
    assert.equal((await Certificate.findById(certificate._id).lean())?.revokedAt, undefined, 'nothing written');

    await confirm(english, $).expect(303);
    const revoked = await Certificate.findById(certificate._id).lean();
    assert.equal(revoked?.revokeReason, 'Attendance was misrecorded');
    const again = await post(staff, path, { reason: '한 번 더' }).expect(422);
    assert.match(html(again.text)('.form-errors').text(), /이미 취소된 수료증입니다/);
  });
});
