import assert from 'node:assert/strict';
import { JobClaim } from '../../models/job-claim';
import { SessionRecord } from '../../models/session-record';
import { sweepExpired } from '../../server/jobs/sweep-expired';
import { ceilToHour } from '../../server/lib/clock';
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
    const env = {
      SESSION_SECRET: 'a secret every instance behind the proxy shares',
      LOG_LEVEL: 'debug',
      TRUST_PROXY: '1',
    };
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
