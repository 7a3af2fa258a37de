import assert from 'node:assert/strict';
import { Course } from '../../models/course';
import { JobClaim } from '../../models/job-claim';
import { SessionRecord } from '../../models/session-record';
import { User } from '../../models/user';
import { userChanged } from '../../server/auth/signin-memory';
import { sweepExpired } from '../../server/jobs/sweep-expired';
import { ceilToHour } from '../../server/lib/clock';
import { notify } from '../../server/services/notifications/notices';
import { refreshCourseRoster } from '../../server/services/copies/course-roster';
import { useTestApp } from '../support/app';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { defaultPassword, make } from '../support/factories';
import { html } from '../support/html';

/**
 * A browser in front of a load balancer: one cookie jar whichever instance answers (cookies do
 * not depend on the port), requests sent to the instance the test names.
 */
class Browser {
  private cookies = new Map<string, string>();

  async send(to: AppProcess, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await fetch(`${to.baseUrl}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...headers,
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: form && new URLSearchParams(form),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value && !/Expires=Thu, 01 Jan 1970/.test(cookie)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  /** Another browser holding the same cookies: a second tab, or whoever copied them. */
  copy(): Browser {
    const copy = new Browser();
    copy.cookies = new Map(this.cookies);
    return copy;
  }

  async formToken(from: AppProcess, path: string): Promise<string> {
    const token = html((await this.send(from, path)).text)('input[name=_csrf]')
      .first()
      .val();
    assert.equal(typeof token, 'string', `a form on ${path}`);
    return String(token);
  }
}

describe('two app instances on one database', function () {
  this.timeout(120_000);
  const ctx = useTestApp();
  let a: AppProcess;
  let b: AppProcess;

  before(async function () {
    this.timeout(180_000);
    // Both instances should try the same hour's sweep: not on the stroke of an hour.
    const toNextHour = ceilToHour(Date.now() + 1) - Date.now();
    if (toNextHour < 60_000) await new Promise((resolve) => setTimeout(resolve, toNextHour + 1_000));
    // Left by an earlier version: the first sweep, on whichever instance, removes it.
    await SessionRecord.collection.insertOne({
      _id: 'left-over',
      expires: new Date(Date.now() - 3_600_000),
      session: { cookie: {} },
    } as never);
    const uri = new URL(process.env.TEST_MONGODB_URI!);
    uri.pathname = `/${ctx.dbName}`;
    const env: Record<string, string> = {
      SESSION_SECRET: 'a secret every instance behind the proxy shares',
      LOG_LEVEL: 'debug',
      TRUST_PROXY: '1',
    };
    // On the embedded engine the instances listen on its PostgreSQL for each other's changes, as the
    // several-instances setup of docs/operations.md has them do (with MONGODB_URI alone there is none to listen on).
    if (process.env.TEST_POSTGRES_URL) env.FERRETDB_POSTGRES_URL = process.env.TEST_POSTGRES_URL;
    // Both start together; one that started is kept for `after` to stop even when the other failed.
    const started = await Promise.allSettled([
      startAppProcess('a', uri.href, env),
      startAppProcess('b', uri.href, env),
    ]);
    [a, b] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined)) as [AppProcess, AppProcess];
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  /** Logs in with each (email, password) in turn, alternating instances; the statuses. */
  async function alternate(browser: Browser, ip: string, tries: [string, string][]) {
    const answers = [];
    for (const [i, [email, password]] of tries.entries()) {
      // The form from one instance, its post to the other: the CSRF token lives in the shared session.
      const [form, post] = i % 2 ? [a, b] : [b, a];
      const token = await browser.formToken(form, '/login');
      answers.push(
        (await browser.send(post, '/login', { _csrf: token, email, password }, { 'X-Forwarded-For': ip })).status,
      );
    }
    return answers;
  }

  it('count login failures together: each limit holds whichever instance each attempt reaches', async () => {
    const trainee = await make.trainee();
    const browser = new Browser();
    const wrong = Array.from({ length: 5 }, (_v, i): [string, string] => [trainee.email, `wrong ${i}`]);
    assert.deepEqual(await alternate(browser, '192.0.2.77', wrong), [401, 401, 401, 401, 423]);
    assert.deepEqual(
      await alternate(browser, '192.0.2.77', [
        [trainee.email, defaultPassword],
        [trainee.email, defaultPassword],
      ]),
      [423, 423],
    );

    const strangers = Array.from({ length: 50 }, (_v, i): [string, string] => [`stranger${i}@example.kr`, 'guess']);
    assert.deepEqual(await alternate(browser, '192.0.2.78', strangers), [...Array<number>(49).fill(401), 429]);
    assert.deepEqual(
      await alternate(browser, '192.0.2.78', [
        [trainee.email, defaultPassword],
        [trainee.email, defaultPassword],
      ]),
      [429, 429],
    );
  });

  it("serve each other's sessions: signed in on one, signed in on the other, signed out on both", async () => {
    const trainee = await make.trainee({ name: '두인스턴스' });
    const browser = new Browser();
    const login = await browser.send(a, '/login', {
      _csrf: await browser.formToken(a, '/login'),
      email: trainee.email,
      password: defaultPassword,
    });
    assert.equal(login.status, 303);
    const onB = await browser.send(b, '/me');
    assert.equal(onB.status, 200);
    assert.equal(html(onB.text)('.user-name').text(), '두인스턴스');
    assert.equal((await browser.send(b, '/logout', { _csrf: await browser.formToken(b, '/me') })).status, 303);
    assert.equal((await browser.send(a, '/me')).status, 303);
  });

  async function signIn(browser: Browser, on: AppProcess, email: string, password = defaultPassword) {
    const token = await browser.formToken(on, '/login');
    assert.equal((await browser.send(on, '/login', { _csrf: token, email, password })).status, 303);
  }
  /** The status of `path` on each instance, a then b; each is asked twice, so the second answer comes from what it holds. */
  async function onBoth(browser: Browser, path: string) {
    const statuses = [];
    for (const instance of [a, b]) {
      await browser.send(instance, path);
      statuses.push((await browser.send(instance, path)).status);
    }
    return statuses;
  }
  const userName = (page: { text: string }) => html(page.text)('.user-name').text();
  const badge = (page: { text: string }) => html(page.text)('.site-header .unread-badge').text();

  it('hold sign-ins in memory, and end a session logged out on one at once on the other, whoever holds its cookie', async () => {
    const trainee = await make.trainee();
    const browser = new Browser();
    await signIn(browser, a, trainee.email);
    assert.deepEqual(await onBoth(browser, '/me'), [200, 200]);
    const copied = browser.copy();
    assert.equal((await browser.send(b, '/logout', { _csrf: await browser.formToken(b, '/me') })).status, 303);
    assert.equal((await copied.send(a, '/me')).status, 303);
    assert.equal((await copied.send(b, '/me')).status, 303);
  });

  it('hold sign-ins in memory, and end the sessions of an account deactivated on one on both at once', async () => {
    const staff = await make.staff('handong');
    const browser = new Browser();
    await signIn(browser, b, staff.email);
    assert.deepEqual(await onBoth(browser, '/manage'), [200, 200]);

    const city = new Browser();
    await signIn(city, a, (await make.cityStaff()).email);
    const token = await city.formToken(a, '/city/staff');
    assert.equal((await city.send(a, `/city/staff/${String(staff._id)}/deactivate`, { _csrf: token })).status, 303);
    assert.equal((await browser.send(b, '/manage')).status, 303);
    assert.equal((await browser.send(a, '/manage')).status, 303);
  });

  it("hold sign-ins in memory, and end the account's other sessions on both at once when its password is changed on one", async () => {
    const trainee = await make.trainee();
    const [stolen, owner] = [new Browser(), new Browser()];
    await signIn(stolen, a, trainee.email);
    assert.deepEqual(await onBoth(stolen, '/me'), [200, 200]);
    await signIn(owner, b, trainee.email);
    const token = await owner.formToken(b, '/me/profile');
    const password = 'a new passphrase nobody guesses';
    const changed = await owner.send(b, '/me/profile/password', {
      _csrf: token,
      currentPassword: defaultPassword,
      password,
      passwordConfirm: password,
    });
    assert.equal(changed.status, 303);
    assert.equal((await stolen.send(a, '/me')).status, 303);
    assert.equal((await stolen.send(b, '/me')).status, 303);
    assert.deepEqual(await onBoth(owner, '/me'), [200, 200], 'the session that changed it stays');
  });

  it('show a role or name changed elsewhere at once on both', async () => {
    const staff = await make.staff('kangwon', { name: '바꾸기 전' });
    const browser = new Browser();
    await signIn(browser, a, staff.email);
    assert.deepEqual(await onBoth(browser, '/manage'), [200, 200]);

    const token = await browser.formToken(a, '/me/profile');
    assert.equal((await browser.send(a, '/me/profile', { _csrf: token, name: '바꾼 뒤', locale: 'ko' })).status, 303);
    assert.equal(userName(await browser.send(b, '/manage')), '바꾼 뒤');

    // No page changes a role yet; whatever does calls userChanged(), as this test process does.
    await User.updateOne({ _id: staff._id }, { $set: { role: 'trainee', trainee: { category: 'employee' } } });
    await userChanged(staff._id);
    assert.equal((await browser.send(b, '/manage')).status, 403);
    assert.equal((await browser.send(a, '/manage')).status, 403);
    assert.equal((await browser.send(a, '/me')).status, 200);
  });

  it('show an application approved on one on the roster both hold at once', async () => {
    const staff = await make.staff('kangwon');
    const course = await make.course({ university: 'kangwon', capacity: 5 });
    const enrollment = await make.enrollment(course, await make.trainee({ name: '둘째명단' }), 'pending');
    await refreshCourseRoster(course._id);
    const browser = new Browser();
    await signIn(browser, a, staff.email);
    const roster = `/manage/courses/${String(course._id)}/roster`;
    const status = async (on: AppProcess) =>
      html((await browser.send(on, roster)).text)(`tr[data-enrollment="${String(enrollment._id)}"] td.status`).text();
    assert.deepEqual(await onBoth(browser, roster), [200, 200]);
    assert.equal(await status(b), '승인 대기');

    const token = await browser.formToken(a, roster);
    const approved = await browser.send(a, `/manage/enrollments/${String(enrollment._id)}/approve`, { _csrf: token });
    assert.equal(approved.status, 303);
    assert.equal(await status(b), '수강 확정');
    assert.equal(await status(a), '수강 확정');
  });

  it('count a notice added elsewhere on the badge of both, and clear it on both when read on one', async () => {
    const trainee = await make.trainee();
    const browser = new Browser();
    await signIn(browser, a, trainee.email);
    assert.deepEqual(await onBoth(browser, '/courses'), [200, 200]);
    assert.equal(badge(await browser.send(b, '/courses')), '');

    await notify(trainee._id, 'approved', { titleKo: '과정', titleEn: 'Course' }, '/courses');
    assert.equal(badge(await browser.send(b, '/courses')), '1');
    assert.equal(badge(await browser.send(a, '/courses')), '1');
    assert.equal((await browser.send(a, '/me')).status, 200, 'lists the notice and marks it read');
    assert.equal(badge(await browser.send(b, '/courses')), '');
  });

  it('show a course changed elsewhere at once on both, to visitors and to the signed-in', async () => {
    const course = await make.course({ title: { ko: '바꾸기 전 과정', en: 'Before' } });
    const visitor = new Browser();
    const trainee = new Browser();
    await signIn(trainee, a, (await make.trainee()).email);
    const titles = async () => {
      const shown = [];
      for (const browser of [visitor, trainee])
        for (const on of [a, b])
          shown.push(html((await browser.send(on, `/courses/${String(course._id)}`)).text)('.course-title').text());
      return shown;
    };
    assert.deepEqual(await titles(), Array(4).fill('바꾸기 전 과정'));
    // Written by this test process, a third instance: the course's cache version is told to both.
    await Course.updateOne({ _id: course._id }, { $set: { 'title.ko': '바꾼 뒤 과정' } });
    assert.deepEqual(await titles(), Array(4).fill('바꾼 뒤 과정'));
  });

  it('hold API tokens in memory, and refuse a token revoked on one at once on the other', async () => {
    const city = new Browser();
    await signIn(city, a, (await make.cityStaff()).email);
    const made = await city.send(a, '/city/api-tokens', {
      _csrf: await city.formToken(a, '/city/api-tokens/new'),
      name: '두 인스턴스',
      days: '1',
      scopes: 'figures:read',
    });
    assert.equal(made.status, 201);
    const secret = String(html(made.text)('#api-token-secret').val());
    const figures = async (on: AppProcess) =>
      (await fetch(`${on.baseUrl}/api/v1/figures`, { headers: { Authorization: `Bearer ${secret}` } })).status;
    // Twice each: the second answer is served from the token each instance now holds.
    assert.deepEqual([await figures(a), await figures(a), await figures(b), await figures(b)], [200, 200, 200, 200]);
    const row = html((await city.send(a, '/city/api-tokens')).text)('tr[data-token]').first();
    const revoke = await city.send(a, `/city/api-tokens/${String(row.attr('data-token'))}/revoke`, {
      _csrf: String(row.find('input[name=_csrf]').val()),
    });
    assert.equal(revoke.status, 303);
    assert.deepEqual([await figures(b), await figures(a)], [401, 401]);
  });

  it('run the periodic sweep once between them', async () => {
    const attempts = () =>
      [a, b].flatMap((instance) =>
        instance
          .logs()
          .filter((l) => l.job === sweepExpired.name && typeof l.period === 'string')
          .map((l) => ({ instance: instance.name, msg: l.msg, period: l.period, id: l.instance })),
      );
    for (let deadline = Date.now() + 30_000; attempts().length < 2 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 200));
    const seen = attempts();
    assert.equal(seen.length, 2, JSON.stringify(seen));
    assert.equal(seen[0]!.period, seen[1]!.period, 'both tried the same hour');
    const ran = seen.filter((s) => s.msg === 'job ran');
    assert.equal(ran.length, 1, JSON.stringify(seen));
    assert.equal(seen.filter((s) => s.msg === 'job period claimed by another instance').length, 1);
    const claims = await JobClaim.find({ job: sweepExpired.name }).lean();
    assert.equal(claims.length, 1);
    assert.equal(claims[0]!.instance, ran[0]!.id);
    assert.equal(await SessionRecord.countDocuments({ _id: 'left-over' }), 0);
  });

  it('stop cleanly on SIGTERM, job runners included', async () => {
    assert.deepEqual(await Promise.all([a.stop(), b.stop()]), [0, 0]);
  });
});
