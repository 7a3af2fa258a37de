import assert from 'node:assert/strict';
import request from 'supertest';
import { MailMessage } from '../../models/mail-message';
import { secretAddresses } from '../../routes/secret-addresses';
import { createApp } from '../../server/app';
import { createI18n } from '../../server/i18n';
import { createLogger } from '../../server/logger';
import { clock } from '../../server/lib/clock';
import { passwordLinkPath, issuePasswordToken } from '../../server/services/accounts/password-tokens';
import { checkInCodes } from '../../server/services/attendance/check-in';
import { resetFeed } from '../../server/services/trainee/calendar-feed';
import { csrfToken } from '../support/agents';
import { useTestApp } from '../support/app';
import { actorOf, make } from '../support/factories';
import { listAppRoutes } from '../support/route-list';

/** Path parameters that name a secret by convention; a public one is listed below with the reason. */
const secretLooking = /^:(token|code|key|secret)/i;
const publicParams: Record<string, string> = {
  '/universities/:code': 'a university code is printed on every course page',
};

describe('secret addresses in the request log', () => {
  const ctx = useTestApp();

  it('lists every route with a token or code in its path', () => {
    const listed = new Set(secretAddresses.map((a) => a.path.toLowerCase()));
    const missing = listAppRoutes(ctx.app)
      .filter((r) => r.path.split('/').some((segment) => secretLooking.test(segment)))
      .filter((r) => !listed.has(r.path.toLowerCase()) && !publicParams[r.path])
      .map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(missing, []);
  });

  it('writes no calendar-feed token, password link, activation link, verification or check-in code', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const app = createApp({ config: ctx.config, logger, i18n: await createI18n() });

    const trainee = await make.trainee();
    const staff = await make.staff('postech');
    const feed = await resetFeed(await actorOf(trainee));
    const reset = (await issuePasswordToken(String(trainee._id), undefined, 'reset')).token;
    const set = (await issuePasswordToken(String(staff._id), undefined, 'set')).token;

    // A real sign-up, whose activation link is read from the outbox.
    const signUp = request.agent(app);
    const csrf = await csrfToken(signUp, '/register');
    await signUp
      .post('/register')
      .type('form')
      .send({
        _csrf: csrf,
        name: '로그확인',
        email: 'log-check@example.kr',
        password: 'lithium-iron-phosphate',
        passwordConfirm: 'lithium-iron-phosphate',
        category: 'student',
        privacyConsent: 'on',
      })
      .expect(200);
    const activationPath = (await MailMessage.findOne({ to: 'log-check@example.kr', kind: 'activate' }).lean())?.link;
    assert.ok(activationPath);
    const activation = activationPath.split('/').at(-1)!;

    const course = await make.course({ university: 'postech' });
    const sessionId = String(course.sessions[0]!._id);
    const code = checkInCodes(ctx.config.sessionSecret).codeFor(`${course._id}.${sessionId}`, clock.now());
    const verification = 'V7QK2M9XPL';

    const feedPage = await request(app).get(`/calendar/${feed}.ics`).expect(200);
    assert.match(feedPage.text, /BEGIN:VCALENDAR/);
    await request(app).get(passwordLinkPath.reset(reset)).expect(200);
    await request(app).get(passwordLinkPath.set(set)).expect(200);
    await request(app).get(activationPath).expect(200);
    const activate = request.agent(app);
    const activateCsrf = await csrfToken(activate, activationPath);
    await activate.post(activationPath).type('form').send({ _csrf: activateCsrf }).expect(303);
    // The scan of a signed-out phone: redirected to the login page.
    await request(app).get(`/check-in/${course._id}/${sessionId}?t=${code}`).expect(303);
    await request(app).get(`/check-in/${course._id}/${sessionId}?lang=en&t%5B%5D=${code}`);
    await request(app).get(`/verify/${verification}`);
    // Express routes regardless of case and a trailing slash; so must the redaction.
    await request(app).get(`/PASSWORD/Reset/${reset}/`);
    await request(app).get('/').set('Referer', `https://talent.pohang.example/account/set-password/${set}`);

    const logged = lines.join('');
    assert.ok(lines.length >= 11, `${lines.length} lines logged`);
    for (const [what, secret] of Object.entries({ feed, reset, set, activation, code, verification }))
      assert.ok(!logged.includes(secret), `the ${what} secret is in the log`);

    const entries = lines.map(
      (l) => JSON.parse(l) as { req?: { url?: string; headers?: { referer?: string } }; msg?: string },
    );
    const urls = entries.map((e) => e.req?.url);
    for (const expected of [
      '/calendar/[redacted].ics',
      '/password/reset/[redacted]',
      '/account/set-password/[redacted]',
      '/register/activate/[redacted]',
      `/check-in/${course._id}/${sessionId}?t=[redacted]`,
      `/check-in/${course._id}/${sessionId}?lang=en&t%5B%5D=[redacted]`,
      '/verify/[redacted]',
      '/PASSWORD/Reset/[redacted]/',
    ])
      assert.ok(urls.includes(expected), `${expected} is not among ${JSON.stringify(urls)}`);
    assert.ok(
      entries.some((e) => e.req?.headers?.referer === 'https://talent.pohang.example/account/set-password/[redacted]'),
    );
    // Other addresses are logged as they were.
    assert.ok(urls.includes('/register'));
  });
});
