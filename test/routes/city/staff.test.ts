import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import { AuditEvent } from '../../../models/audit-event';
import { PasswordToken } from '../../../models/password-token';
import { User } from '../../../models/user';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { defaultPassword, make, universityId } from '../../support/factories';
import { html, texts } from '../../support/html';
import { useMail } from '../../support/mail';

const newPassword = 'nickel-manganese-cobalt';

describe('staff accounts', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);
  let city: Awaited<ReturnType<typeof loginAgent>>;

  before(async () => {
    city = await loginAgent(ctx.app, (await make.cityStaff({ name: '포항시 담당' })).email);
  });

  async function createAccount(fields: Record<string, string>) {
    return city.agent
      .post('/city/staff')
      .type('form')
      .send({ _csrf: city.csrf, ...fields });
  }

  async function newStaffLink(email: string): Promise<string> {
    const res = await createAccount({
      name: '정영남',
      email,
      role: 'university_staff',
      university: await universityId('yu'),
    });
    assert.equal(res.status, 201);
    return new URL(String(html(res.text)('#set-password-link').val())).pathname;
  }

  async function setPassword(path: string, password = newPassword) {
    const agent = request.agent(ctx.app);
    const page = await agent.get(path);
    const token = html(page.text)('input[name=_csrf]').val();
    if (typeof token !== 'string') return { page, res: undefined };
    return {
      page,
      res: await agent.post(path).type('form').send({ _csrf: token, password, passwordConfirm: password }),
    };
  }

  it('creates a university-staff account bound to its university, showing a one-time link and mailing it to the new user', async () => {
    const path = await newStaffLink('Staff.YU@Example.kr');
    const user = await User.findOne({ email: 'staff.yu@example.kr' }).lean();
    assert.ok(user);
    assert.equal(user.role, 'university_staff');
    assert.equal(String(user.university), await universityId('yu'));
    assert.equal(user.passwordHash, undefined);
    const token = path.split('/').pop()!;
    const stored = await PasswordToken.findOne({ user: user._id }).lean();
    assert.equal(stored?.tokenHash, crypto.createHash('sha256').update(token).digest('hex'));
    assert.ok(stored && stored.expiresAt.getTime() - Date.now() > 71 * 3600_000);
    const [message] = await mail.deliver();
    assert.equal(message?.to, 'staff.yu@example.kr');
    assert.equal(message?.subject, '[이차전지 인재 허브] 담당자 계정이 만들어졌습니다');
    assert.match(message?.text ?? '', /정영남님의 담당자 계정이 만들어졌습니다[\s\S]*72시간 동안 한 번만/);
    assert.equal(message?.linkPath, path);
    assert.equal(await AuditEvent.countDocuments({ action: 'user.staff_create', targetId: user._id }), 1);

    const list = await city.agent.get('/city/staff').expect(200);
    const row = html(list.text)('tr[data-email="staff.yu@example.kr"]');
    assert.match(row.text(), /영남대학교/);
    assert.match(row.text(), /비밀번호 설정 대기/);
  });

  it('builds the link on BASE_URL, whatever Host the request named', async () => {
    const res = await city.agent
      .post('/city/staff')
      .set('Host', 'evil.example')
      .type('form')
      .send({
        _csrf: city.csrf,
        name: '호스트',
        email: 'host@example.kr',
        role: 'university_staff',
        university: await universityId('yu'),
      });
    assert.equal(res.status, 201);
    assert.match(
      String(html(res.text)('#set-password-link').val()),
      /^http:\/\/127\.0\.0\.1:3000\/account\/set-password\/[\w-]{43}$/,
    );
    const [message] = await mail.deliver();
    assert.match(message?.link ?? '', /^http:\/\/127\.0\.0\.1:3000\/account\/set-password\//);
  });

  it('requires a university for university staff and refuses a taken email, keeping the input', async () => {
    const noUniversity = await createAccount({
      name: '무소속',
      email: 'nouni@example.kr',
      role: 'university_staff',
      university: '',
    });
    assert.equal(noUniversity.status, 422);
    assert.equal(html(noUniversity.text)('#e-university').text(), '필수 입력 항목입니다.');
    assert.equal(html(noUniversity.text)('input[name=email]').val(), 'nouni@example.kr');
    const existing = await make.staff('knu');
    const taken = await createAccount({
      name: '중복',
      email: existing.email.toUpperCase(),
      role: 'university_staff',
      university: await universityId('knu'),
    });
    assert.equal(taken.status, 422);
    assert.match(html(taken.text)('#e-email').text(), /이미 가입된 이메일/);
    assert.equal(await User.countDocuments({ email: 'nouni@example.kr' }), 0);
  });

  it('lets the new user set a password once, then log in; the link does not work a second time', async () => {
    const path = await newStaffLink('once@example.kr');
    const first = await setPassword(path);
    assert.equal(first.res?.status, 303);
    assert.equal(first.res?.headers.location, '/login');
    const staff = await loginAgent(ctx.app, 'once@example.kr', newPassword);
    assert.equal((await staff.agent.get('/me/profile')).status, 200);
    const second = await setPassword(path, 'another-long-password');
    assert.equal(second.page.status, 410);
    assert.match(html(second.page.text)('.form-errors').text(), /이미 사용되었거나 만료되었습니다/);
    const user = await User.findOne({ email: 'once@example.kr' }).lean();
    assert.equal(await PasswordToken.countDocuments({ user: user!._id }), 0);
  });

  it('refuses a second post with a form opened before the link was used', async () => {
    const path = await newStaffLink('race@example.kr');
    const agent = request.agent(ctx.app);
    const token = html((await agent.get(path)).text)('input[name=_csrf]').val() as string;
    await setPassword(path);
    const late = await agent
      .post(path)
      .type('form')
      .send({ _csrf: token, password: 'late-long-password', passwordConfirm: 'late-long-password' });
    assert.equal(late.status, 410);
    await loginAgent(ctx.app, 'race@example.kr', newPassword);
  });

  it('refuses an expired link', async () => {
    const path = await newStaffLink('expired@example.kr');
    const user = await User.findOne({ email: 'expired@example.kr' }).lean();
    await PasswordToken.updateOne({ user: user!._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const { page, res } = await setPassword(path);
    assert.equal(page.status, 410);
    assert.equal(res, undefined);
    assert.equal((await User.findById(user!._id).lean())?.passwordHash, undefined);
  });

  it('deactivates an account: its sessions end and it cannot log in; activating restores access', async () => {
    const staff = await make.staff('handong');
    const session = await loginAgent(ctx.app, staff.email);
    await city.agent.post(`/city/staff/${staff._id}/deactivate`).type('form').send({ _csrf: city.csrf }).expect(303);
    assert.equal(
      await mongoose.connection.collection('sessions').countDocuments({ 'session.passport.user': String(staff._id) }),
      0,
    );
    const kicked = await session.agent.get('/me/profile');
    assert.equal(kicked.status, 303);
    await assert.rejects(loginAgent(ctx.app, staff.email), /failed with 403/);
    const list = await city.agent.get('/city/staff').expect(200);
    assert.match(html(list.text)(`tr[data-email="${staff.email}"]`).text(), /비활성/);
    assert.equal(await AuditEvent.countDocuments({ action: 'user.deactivate', targetId: staff._id }), 1);

    await city.agent.post(`/city/staff/${staff._id}/activate`).type('form').send({ _csrf: city.csrf }).expect(303);
    await loginAgent(ctx.app, staff.email);
  });

  it("offers no button on the city user's own row and answers 404 for an unknown id", async () => {
    const list = await city.agent.get('/city/staff').expect(200);
    assert.ok(texts(list.text, '.staff-name').includes('포항시 담당'));
    assert.match(html(list.text)('tr:has(.staff-name:contains("포항시 담당"))').text(), /사용 중/);
    assert.ok(!list.text.includes('$argon2'), 'no password hash in the page');
    assert.equal(html(list.text)('tr:has(.staff-name:contains("포항시 담당")) form').length, 0);
    for (const id of ['not-an-id', '000000000000000000000000']) {
      await city.agent.post(`/city/staff/${id}/deactivate`).type('form').send({ _csrf: city.csrf }).expect(404);
    }
  });

  describe('who may manage whom', () => {
    let admin: Awaited<ReturnType<typeof loginAgent>>;
    let adminId: string;

    before(async () => {
      const user = await make.user({ role: 'admin', name: '시스템 관리자' });
      adminId = String(user._id);
      admin = await loginAgent(ctx.app, user.email);
    });

    async function post(as: typeof city, path: string) {
      const res = await as.agent.post(path).type('form').send({ _csrf: as.csrf });
      assert.equal(res.status, 303);
      const list = await as.agent.get('/city/staff');
      return html(list.text)('.flash').text();
    }
    const isActive = async (id: unknown) => (await User.findById(id).lean())?.active;

    it('lets city staff deactivate university staff but not the administrator or other city staff, saying why', async () => {
      const colleague = await make.cityStaff();
      for (const id of [adminId, String(colleague._id)]) {
        assert.match(await post(city, `/city/staff/${id}/deactivate`), /이 계정을 관리할 권한이 없습니다/);
        assert.equal(await isActive(id), true);
      }
      assert.equal(
        await AuditEvent.countDocuments({ action: 'user.deactivate', targetId: { $in: [adminId, colleague._id] } }),
        0,
      );
      const list = await city.agent.get('/city/staff');
      assert.equal(html(list.text)(`tr[data-email="${colleague.email}"] form`).length, 0);
      const staff = await make.staff('knu');
      assert.match(await post(city, `/city/staff/${staff._id}/deactivate`), /비활성화했습니다/);
      assert.equal(await isActive(staff._id), false);
    });

    it('lets city staff create university-staff accounts only; the administrator creates city staff', async () => {
      const page = await city.agent.get('/city/staff/new');
      assert.deepEqual(
        html(page.text)('select[name=role] option[value!=""]')
          .map((_i, o) => html(page.text)(o).val())
          .get(),
        ['university_staff'],
      );
      const refused = await createAccount({ name: '박시청', email: 'city2@example.kr', role: 'city_staff' });
      assert.equal(refused.status, 422);
      assert.match(html(refused.text)('#e-role').text(), /이 계정을 관리할 권한이 없습니다/);
      assert.equal(await User.countDocuments({ email: 'city2@example.kr' }), 0);
      const made = await admin.agent
        .post('/city/staff')
        .type('form')
        .send({ _csrf: admin.csrf, name: '박시청', email: 'city2@example.kr', role: 'city_staff' });
      assert.equal(made.status, 201);
    });

    it('lets the administrator deactivate city staff, but nobody their own account or the last administrator', async () => {
      const colleague = await make.cityStaff();
      assert.match(await post(admin, `/city/staff/${colleague._id}/deactivate`), /비활성화했습니다/);
      assert.equal(await isActive(colleague._id), false);
      assert.match(await post(admin, `/city/staff/${adminId}/deactivate`), /본인 계정은 비활성화할 수 없습니다/);
      assert.match(await post(city, `/city/staff/${adminId}/deactivate`), /권한이 없습니다/);
      assert.equal(await isActive(adminId), true);
      assert.equal(await User.countDocuments({ role: 'admin', active: true }), 1);
      // The administrator still signs in (loginAgent throws otherwise).
      await loginAgent(ctx.app, (await User.findById(adminId).lean())!.email, defaultPassword);
    });
  });
});
