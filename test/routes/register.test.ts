import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditEvent } from '../../models/audit-event';
import { User } from '../../models/user';
import { csrfToken } from '../support/agents';
import { useTestApp } from '../support/app';
import { createTrainee } from '../support/factories';
import { html } from '../support/html';

const good = {
  name: '박배터리',
  email: 'New.Trainee@Example.kr',
  password: 'lithium-iron-phosphate',
  passwordConfirm: 'lithium-iron-phosphate',
  category: 'student',
  affiliation: '포스텍',
  pohangResident: 'on',
};

describe('trainee registration', () => {
  const ctx = useTestApp();

  async function post(body: Record<string, string>) {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, '/register');
    return { agent, res: await agent.post('/register').type('form').send({ _csrf: token, ...body }) };
  }

  it('shows the form in Korean with the consent wording, unticked, and a link to the privacy notice', async () => {
    const res = await request(ctx.app).get('/register').expect(200);
    const $ = html(res.text);
    assert.equal($('h1').text(), '교육생 회원가입');
    assert.match($('.consent-text').text(), /포항시에 보고할 때 저의 이름/);
    assert.equal($('input[name=consent]').attr('checked'), undefined);
    assert.equal($('a[href="/privacy"]').length >= 1, true);
    assert.equal($('input[name*=rrn], input[name*=resident]').length, 0);
    const privacy = await request(ctx.app).get('/privacy').expect(200);
    assert.match(html(privacy.text)('main').text(), /주민등록번호는 수집하지 않습니다/);
  });

  it('creates the trainee with a lower-cased email, signs them in and records the consent time and version', async () => {
    const { agent, res } = await post({ ...good, consent: 'on' });
    assert.equal(res.status, 303);
    const user = await User.findOne({ email: 'new.trainee@example.kr' }).lean();
    assert.ok(user);
    assert.equal(user.role, 'trainee');
    assert.equal(user.trainee?.category, 'student');
    assert.equal(user.trainee?.pohangResident, true);
    assert.equal(user.trainee?.namedReportingConsent, true);
    assert.ok(user.trainee?.namedReportingConsentAt instanceof Date);
    assert.equal(user.trainee?.namedReportingConsentVersion, '2026-1');
    assert.match(user.passwordHash ?? '', /^\$argon2id\$/);
    const home = await agent.get('/').expect(200);
    assert.equal(html(home.text)('.user-name').text(), '박배터리');
    assert.match(html(home.text)('.flash').text(), /가입을 환영합니다/);
    assert.equal(await AuditEvent.countDocuments({ action: 'user.register', targetId: user._id }), 1);
  });

  it('leaves consent off, without a time, when the box is not ticked', async () => {
    await post({ ...good, email: 'no-consent@example.kr' });
    const user = await User.findOne({ email: 'no-consent@example.kr' }).lean();
    assert.equal(user?.trainee?.namedReportingConsent, false);
    assert.equal(user?.trainee?.namedReportingConsentAt ?? undefined, undefined);
  });

  it('re-renders with the input kept and one message per bad field, writing nothing', async () => {
    const before = await User.countDocuments();
    const { res } = await post({ name: '', email: 'not-an-email', password: 'short', passwordConfirm: 'short', category: 'pilot', affiliation: '한동대' });
    assert.equal(res.status, 422);
    const $ = html(res.text);
    assert.equal($('#e-name').text(), '필수 입력 항목입니다.');
    assert.equal($('#e-email').text(), '올바른 이메일 주소를 입력해 주세요.');
    assert.equal($('#e-password').text(), '비밀번호는 10자 이상이어야 합니다.');
    assert.equal($('#e-category').text(), '필수 입력 항목입니다.');
    assert.equal($('.field .error').length, 4);
    assert.equal($('input[name=email]').val(), 'not-an-email');
    assert.equal($('input[name=affiliation]').val(), '한동대');
    assert.equal($('input[name=password]').val(), undefined);
    assert.equal(await User.countDocuments(), before);
  });

  it('refuses a common password and a confirmation that does not match', async () => {
    const common = await post({ ...good, email: 'c1@example.kr', password: 'password123', passwordConfirm: 'password123' });
    assert.equal(common.res.status, 422);
    assert.match(html(common.res.text)('#e-password').text(), /너무 흔한 비밀번호/);
    const mismatch = await post({ ...good, email: 'c2@example.kr', passwordConfirm: 'something-else-entirely' });
    assert.equal(mismatch.res.status, 422);
    assert.equal(html(mismatch.res.text)('#e-passwordConfirm').text(), '비밀번호가 일치하지 않습니다.');
    assert.equal(await User.countDocuments({ email: { $in: ['c1@example.kr', 'c2@example.kr'] } }), 0);
  });

  it('refuses an email that exists in another case, with the message on the email field', async () => {
    await createTrainee({ email: 'taken@example.kr' });
    const { res } = await post({ ...good, email: 'TAKEN@Example.KR' });
    assert.equal(res.status, 422);
    const $ = html(res.text);
    assert.equal($('#e-email').text(), '이미 가입된 이메일입니다. 로그인하거나 다른 이메일을 사용해 주세요.');
    assert.equal($('input[name=email]').val(), 'TAKEN@Example.KR');
    assert.equal($('select[name=category] option[selected]').val(), 'student');
    assert.equal(await User.countDocuments({ email: 'taken@example.kr' }), 1);
  });
});
