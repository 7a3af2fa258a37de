import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { AuditEvent } from '../../../models/audit-event';
import { User } from '../../../models/user';
import { loginAgent, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { defaultPassword, make } from '../../support/factories';
import { html } from '../../support/html';

const traineeForm = { name: '새이름', locale: 'ko', category: 'employee', affiliation: '포스코', pohangResident: 'on' };

describe('profile page', () => {
  const ctx = useTestApp();

  it('shows a trainee their profile with the stored values and consent record', async () => {
    const trainee = await make.trainee({ name: '김프로필', consent: true, category: 'student' });
    const { agent } = await loginAgent(ctx.app, trainee.email);
    const res = await agent.get('/me/profile').expect(200);
    const $ = html(res.text);
    assert.equal($('input[name=name]').val(), '김프로필');
    assert.equal($('select[name=category] option[selected]').val(), 'student');
    assert.equal($('input[name=consent]').attr('checked'), 'checked');
    assert.equal($('.consent-record').length, 1);
  });

  it('saves name, language and profile fields, sets the language cookie and audits the change', async () => {
    const trainee = await make.trainee();
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    const res = await agent
      .post('/me/profile')
      .type('form')
      .send({ _csrf: csrf, ...traineeForm, locale: 'en' })
      .expect(303);
    assert.match(String(res.headers['set-cookie']), /lang=en/);
    const page = await agent.get('/me/profile').expect(200);
    const $ = html(page.text);
    assert.equal($('html').attr('lang'), 'en');
    assert.equal($('.flash').text(), 'Your profile has been saved.');
    assert.equal($('.user-name').text(), '새이름');
    const user = await User.findById(trainee._id).lean();
    assert.equal(user?.locale, 'en');
    assert.equal(user?.trainee?.category, 'employee');
    assert.equal(user?.trainee?.affiliation, '포스코');
    assert.equal(await AuditEvent.countDocuments({ action: 'user.profile_update', targetId: trainee._id }), 1);
  });

  it('withdraws consent: clears its time and records the withdrawal', async () => {
    const trainee = await make.trainee({ consent: true });
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    await agent
      .post('/me/profile')
      .type('form')
      .send({ _csrf: csrf, ...traineeForm })
      .expect(303);
    const user = await User.findById(trainee._id).lean();
    assert.equal(user?.trainee?.namedReportingConsent, false);
    assert.equal(user?.trainee?.namedReportingConsentAt ?? undefined, undefined);
    assert.ok(user?.trainee?.namedReportingConsentWithdrawnAt instanceof Date);
    assert.equal(await AuditEvent.countDocuments({ action: 'user.consent_withdrawn', targetId: trainee._id }), 1);
    await agent
      .post('/me/profile')
      .type('form')
      .send({ _csrf: csrf, ...traineeForm, consent: 'on' })
      .expect(303);
    const again = await User.findById(trainee._id).lean();
    assert.equal(again?.trainee?.namedReportingConsent, true);
    assert.ok(again?.trainee?.namedReportingConsentAt instanceof Date);
  });

  it('gives staff the page without trainee fields', async () => {
    const staff = await make.staff('knu');
    const { agent, csrf } = await loginAgent(ctx.app, staff.email);
    const page = await agent.get('/me/profile').expect(200);
    assert.equal(html(page.text)('select[name=category]').length, 0);
    await agent.post('/me/profile').type('form').send({ _csrf: csrf, name: '경북 담당', locale: 'ko' }).expect(303);
    assert.equal((await User.findById(staff._id).lean())?.name, '경북 담당');
  });

  it('re-renders with one message per bad field and keeps the input', async () => {
    const trainee = await make.trainee({ consent: true });
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    const res = await agent
      .post('/me/profile')
      .type('form')
      .send({ _csrf: csrf, name: '', locale: 'fr', category: 'employee', affiliation: '유지됨' })
      .expect(422);
    const $ = html(res.text);
    assert.equal($('#e-name').text(), '필수 입력 항목입니다.');
    assert.equal($('#e-locale').text(), '필수 입력 항목입니다.');
    assert.equal($('input[name=affiliation]').val(), '유지됨');
    assert.equal($('input[name=consent]').attr('checked'), undefined, 'the box the user unticked stays unticked');
  });

  describe('password change', () => {
    /** Posts the change-password form, the new password typed twice. */
    const changePassword = (as: SignedIn, currentPassword: string, password: string) =>
      as.agent
        .post('/me/profile/password')
        .type('form')
        .send({ _csrf: as.csrf, currentPassword, password, passwordConfirm: password });

    it('requires the current password', async () => {
      const trainee = await make.trainee();
      const res = await changePassword(
        await loginAgent(ctx.app, trainee.email),
        'not it at all',
        'anode-graphite-2026',
      ).expect(422);
      assert.equal(html(res.text)('#e-currentPassword').text(), '현재 비밀번호가 올바르지 않습니다.');
    });

    it('refuses a common new password', async () => {
      const trainee = await make.trainee();
      const res = await changePassword(
        await loginAgent(ctx.app, trainee.email),
        defaultPassword,
        'qwerty123456',
      ).expect(422);
      assert.match(html(res.text)('#e-password').text(), /너무 흔한 비밀번호/);
    });

    it('changes the password and ends the other sessions, keeping this one', async () => {
      const trainee = await make.trainee();
      const mine = await loginAgent(ctx.app, trainee.email);
      const other = await loginAgent(ctx.app, trainee.email);
      const sessions = mongoose.connection.collection('sessions');
      assert.equal(await sessions.countDocuments({ 'session.passport.user': String(trainee._id) }), 2);
      const newPassword = 'solid-state-electrolyte';
      await changePassword(mine, defaultPassword, newPassword).expect(303);
      assert.equal(await sessions.countDocuments({ 'session.passport.user': String(trainee._id) }), 1);
      assert.equal(
        html((await mine.agent.get('/me/profile').expect(200)).text)('.flash').text(),
        '비밀번호가 변경되었습니다. 다른 기기의 로그인은 종료되었습니다.',
      );
      const kicked = await other.agent.get('/me/profile');
      assert.equal(kicked.status, 303);
      assert.match(String(kicked.headers.location), /^\/login/);
      await loginAgent(ctx.app, trainee.email, newPassword);
      await assert.rejects(loginAgent(ctx.app, trainee.email, defaultPassword), /failed with 401/);
      assert.equal(await AuditEvent.countDocuments({ action: 'user.password_change', targetId: trainee._id }), 1);
    });
  });
});
