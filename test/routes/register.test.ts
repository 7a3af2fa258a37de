import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditEvent } from '../../models/audit-event';
import { MailMessage } from '../../models/mail-message';
import { PendingRegistration } from '../../models/pending-registration';
import { User } from '../../models/user';
import { csrfToken, type Agent } from '../support/agents';
import { useTestApp } from '../support/app';
import { make } from '../support/factories';
import { html } from '../support/html';
import { useMail } from '../support/mail';

const good = {
  name: '박배터리',
  email: 'New.Trainee@Example.kr',
  password: 'lithium-iron-phosphate',
  passwordConfirm: 'lithium-iron-phosphate',
  category: 'student',
  affiliation: '포스텍',
  pohangResident: 'on',
  privacyConsent: 'on',
};

describe('trainee registration', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);

  async function post(body: Record<string, string>, path = '/register') {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, path);
    return {
      agent,
      res: await agent
        .post('/register')
        .type('form')
        .send({ _csrf: token, ...body }),
    };
  }

  /** Opens the activation link of the message as the recipient would: the page, then its button. */
  async function activate(agent: Agent, linkPath: string) {
    const page = await agent.get(linkPath);
    const token = html(page.text)('form input[name=_csrf]').val();
    if (typeof token !== 'string') return { page, res: undefined };
    return { page, res: await agent.post(linkPath).type('form').send({ _csrf: token }) };
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

  it('asks the new trainee to check their email, and opens the account (signed in) from the activation link, once', async () => {
    const { agent, res } = await post({ ...good, consent: 'on' });
    assert.equal(res.status, 200);
    assert.equal(html(res.text)('h1').text(), '메일을 확인해 주세요');
    assert.match(html(res.text)('main').text(), /new\.trainee@example\.kr 주소로 안내 메일을 보냈습니다/);
    assert.equal(
      await User.countDocuments({ email: 'new.trainee@example.kr' }),
      0,
      'no account before the address is proven',
    );
    assert.equal(html((await agent.get('/').expect(200)).text)('.user-name').length, 0, 'not signed in yet');

    const [message] = await mail.deliver();
    assert.equal(message?.to, 'new.trainee@example.kr');
    assert.equal(message?.subject, '[이차전지 인재 허브] 회원가입을 마무리해 주세요');
    assert.match(message?.text ?? '', /박배터리님, 안녕하세요\.[\s\S]*24시간 동안 한 번만/);
    assert.match(message?.link ?? '', /^http:\/\/127\.0\.0\.1:3000\/register\/activate\/[\w-]{43}$/);

    const browser = request.agent(ctx.app);
    const { page, res: activated } = await activate(browser, message!.linkPath!);
    assert.equal(page.status, 200);
    assert.match(html(page.text)('main').text(), /박배터리\(new\.trainee@example\.kr\)님의 교육생 계정을 활성화합니다/);
    assert.equal(activated?.status, 303);
    assert.equal(activated?.headers.location, '/');
    const home = await browser.get('/').expect(200);
    assert.equal(html(home.text)('.user-name').text(), '박배터리');
    assert.match(html(home.text)('.flash').text(), /가입을 환영합니다/);

    const user = await User.findOne({ email: 'new.trainee@example.kr' }).lean();
    assert.ok(user);
    assert.equal(user.role, 'trainee');
    assert.equal(user.active, true);
    assert.equal(user.trainee?.category, 'student');
    assert.equal(user.trainee?.pohangResident, true);
    assert.equal(user.trainee?.namedReportingConsent, true);
    assert.ok(user.trainee?.namedReportingConsentAt instanceof Date);
    assert.equal(user.trainee?.namedReportingConsentVersion, '2026-1');
    assert.match(user.passwordHash ?? '', /^\$argon2id\$/);
    assert.equal(await AuditEvent.countDocuments({ action: 'user.register', targetId: user._id }), 1);
    assert.equal(
      await AuditEvent.countDocuments({ action: 'user.register_requested', 'meta.email': 'new.trainee@example.kr' }),
      1,
    );

    const again = await activate(request.agent(ctx.app), message!.linkPath!);
    assert.equal(again.page.status, 410);
    assert.match(html(again.page.text)('.form-errors').text(), /이미 사용되었거나 만료되었습니다/);
    assert.equal(await PendingRegistration.countDocuments({ email: 'new.trainee@example.kr' }), 0);
  });

  it('gives a sign-up with a registered address the same answer, and tells the owner by mail instead', async () => {
    const owner = await make.trainee({ email: 'taken@example.kr', name: '기존회원', locale: 'en' });
    const before = (await User.findById(owner._id).lean())!;
    // Same form and same-length addresses, one registered and one not: the pages must not differ in anything.
    const fresh = await post({ ...good, email: 'fresh@example.kr' });
    const taken = await post({ ...good, email: 'TAKEN@Example.KR' });
    assert.equal(taken.res.status, fresh.res.status);
    assert.equal(
      taken.res.text.replaceAll('taken@example.kr', 'ADDRESS'),
      fresh.res.text.replaceAll('fresh@example.kr', 'ADDRESS'),
    );
    assert.equal(html(taken.res.text)('.error, .form-errors').length, 0);

    const delivered = await mail.deliver();
    assert.deepEqual(delivered.map((m) => m.to).sort(), ['fresh@example.kr', 'taken@example.kr']);
    const notice = mail.lastTo('taken@example.kr')!;
    assert.equal(
      notice.subject,
      '[Battery Talent Hub] Someone tried to sign up with your address',
      'in the owner’s language',
    );
    assert.match(notice.text, /no new account was created[\s\S]*http:\/\/127\.0\.0\.1:3000\/password\/forgot/);
    assert.equal(notice.linkPath, '/login');
    assert.doesNotMatch(notice.text, /activate/);

    const after = (await User.findById(owner._id).lean())!;
    assert.equal(after.passwordHash, before.passwordHash);
    assert.equal(after.name, '기존회원');
    assert.equal(await PendingRegistration.countDocuments({ email: 'taken@example.kr' }), 0);
    assert.equal(await AuditEvent.countDocuments({ action: 'user.register_existing', targetId: owner._id }), 1);
  });

  it('keeps the page the sign-up started from, through the form and the activation link', async () => {
    const course = await make.course({ university: 'postech' });
    const coursePath = `/courses/${String(course._id)}`;
    const agent = request.agent(ctx.app);
    const login = await agent.get(`/login?returnTo=${encodeURIComponent(coursePath)}`).expect(200);
    const registerHref = html(login.text)('main a[href^="/register"]').attr('href')!;
    assert.equal(registerHref, `/register?returnTo=${encodeURIComponent(coursePath)}`);
    const form = await agent.get(registerHref).expect(200);
    assert.equal(html(form.text)('input[name=returnTo]').val(), coursePath);
    assert.equal(
      html(form.text)('main a[href^="/login"]').attr('href'),
      `/login?returnTo=${encodeURIComponent(coursePath)}`,
    );

    const token = html(form.text)('input[name=_csrf]').val() as string;
    await agent
      .post('/register')
      .type('form')
      .send({ _csrf: token, ...good, email: 'from-course@example.kr', returnTo: coursePath })
      .expect(200);
    const [message] = await mail.deliver();
    const { res } = await activate(agent, message!.linkPath!);
    assert.equal(res?.status, 303);
    assert.equal(res?.headers.location, coursePath);
    const page = await agent.get(coursePath).expect(200);
    assert.equal(html(page.text)('.user-name').text(), '박배터리');
  });

  it('ignores a return address that leaves the site', async () => {
    const { res } = await post({ ...good, email: 'offsite@example.kr', returnTo: '//evil.example/x' });
    assert.equal(res.status, 200);
    const [message] = await mail.deliver();
    const { res: activated } = await activate(request.agent(ctx.app), message!.linkPath!);
    assert.equal(activated?.headers.location, '/');
  });

  it('sends the activation mail in English to a sign-up made in English', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, '/register?lang=en');
    const res = await agent
      .post('/register')
      .type('form')
      .send({ _csrf: token, ...good, email: 'english@example.kr' });
    assert.equal(html(res.text)('h1').text(), 'Check your email');
    const [message] = await mail.deliver();
    assert.equal(message?.subject, '[Battery Talent Hub] Finish signing up');
    assert.match(message?.text ?? '', /^Hello 박배터리,/);
  });

  it('opens one account when two sign-ups for one address are both activated', async () => {
    await post({ ...good, email: 'twice@example.kr', name: '첫번째' });
    await post({ ...good, email: 'twice@example.kr', name: '두번째' });
    const links = (await mail.deliver()).map((m) => m.linkPath!);
    assert.equal(links.length, 2);
    const second = await activate(request.agent(ctx.app), links[1]!);
    assert.equal(second.res?.status, 303);
    const first = await activate(request.agent(ctx.app), links[0]!);
    assert.equal(first.page.status, 410, 'the other sign-up is gone once the address has an account');
    const users = await User.find({ email: 'twice@example.kr' }).lean();
    assert.deepEqual(
      users.map((u) => u.name),
      ['두번째'],
    );
  });

  it('refuses an expired activation link', async () => {
    await post({ ...good, email: 'late@example.kr' });
    const [message] = await mail.deliver();
    await PendingRegistration.updateOne(
      { email: 'late@example.kr' },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );
    const { page } = await activate(request.agent(ctx.app), message!.linkPath!);
    assert.equal(page.status, 410);
    assert.equal(await User.countDocuments({ email: 'late@example.kr' }), 0);
  });

  it('sends one address at most three messages an hour, and says so to the fourth sign-up, keeping its input', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await post({ ...good, email: 'flood@example.kr' })).res);
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 200, 429],
    );
    assert.equal(new Set(answers.slice(0, 3).map((r) => html(r.text)('main').text())).size, 1);
    const refused = html(answers[3]!.text);
    assert.match(refused('.form-errors p').first().text(), /이미 세 번 보내 지금은 더 보내지 않습니다.*60분 후에/);
    assert.equal(refused('input[name=name]').val(), good.name, 'the input is kept');
    assert.equal(refused('input[name=email]').val(), 'flood@example.kr');
    const retryAfter = Number(answers[3]!.headers['retry-after']);
    assert.ok(retryAfter > 59 * 60 && retryAfter <= 3600, `Retry-After: ${answers[3]!.headers['retry-after']}`);
    assert.equal(await MailMessage.countDocuments({ to: 'flood@example.kr' }), 3);
    assert.equal(
      await AuditEvent.countDocuments({ action: 'user.register_throttled', 'meta.email': 'flood@example.kr' }),
      1,
    );
    // A registered address gets the same answer for the same budget: the refusal tells nothing.
    await make.trainee({ email: 'flood.owner@example.kr' });
    const owner = [];
    for (let i = 0; i < 4; i++) owner.push((await post({ ...good, email: 'flood.owner@example.kr' })).res.status);
    assert.deepEqual(owner, [200, 200, 200, 429]);
    await mail.deliver();
  });

  it('re-renders with the input kept and one message per bad field, writing nothing', async () => {
    const before = await PendingRegistration.countDocuments();
    const { res } = await post({
      name: '',
      email: 'not-an-email',
      password: 'short',
      passwordConfirm: 'short',
      category: 'pilot',
      affiliation: '한동대',
    });
    assert.equal(res.status, 422);
    const $ = html(res.text);
    assert.equal($('#e-name').text(), '필수 입력 항목입니다.');
    assert.equal($('#e-email').text(), '올바른 이메일 주소를 입력해 주세요.');
    assert.equal($('#e-password').text(), '비밀번호는 10자 이상이어야 합니다.');
    assert.equal($('#e-category').text(), '필수 입력 항목입니다.');
    assert.equal($('#e-privacyConsent').text(), '개인정보 수집·이용에 동의해야 가입할 수 있습니다.');
    assert.equal($('.field .error').length, 5);
    assert.equal($('input[name=email]').val(), 'not-an-email');
    assert.equal($('input[name=affiliation]').val(), '한동대');
    assert.equal($('input[name=password]').val(), undefined);
    assert.equal(await PendingRegistration.countDocuments(), before);
  });

  it('refuses a common password and a confirmation that does not match', async () => {
    const common = await post({
      ...good,
      email: 'c1@example.kr',
      password: 'password123',
      passwordConfirm: 'password123',
    });
    assert.equal(common.res.status, 422);
    assert.match(html(common.res.text)('#e-password').text(), /너무 흔한 비밀번호/);
    const mismatch = await post({ ...good, email: 'c2@example.kr', passwordConfirm: 'something-else-entirely' });
    assert.equal(mismatch.res.status, 422);
    assert.equal(html(mismatch.res.text)('#e-passwordConfirm').text(), '비밀번호가 일치하지 않습니다.');
    assert.equal(await PendingRegistration.countDocuments({ email: { $in: ['c1@example.kr', 'c2@example.kr'] } }), 0);
    assert.equal(await MailMessage.countDocuments({ to: { $in: ['c1@example.kr', 'c2@example.kr'] } }), 0);
  });
});
