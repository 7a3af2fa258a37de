import assert from 'node:assert/strict';
import request from 'supertest';
import { issuePasswordToken } from '../../server/services/accounts/password-tokens';
import { csrfToken } from '../support/agents';
import { loginAgent, type Agent } from '../support/agents';
import { outboxLink } from '../support/mail';
import { useTestApp } from '../support/app';
import { make } from '../support/factories';
import { html } from '../support/html';
import { seedTour, untranslatedKey } from '../support/page-tour';

/** Headings, labels and controls: in Korean, one made of English words only was left untranslated. */
const chrome =
  'main h1, main h2, main h3, main th, main legend, main label, main button, .section-nav a, .course-actions a';

/** The page renders in `lang` with no key left as text, in its body or in texts shown on demand (labels, confirmations). */
async function assertTranslated(agent: Agent, path: string, lang: 'ko' | 'en', okStatuses = [200]) {
  const res = await agent.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  assert.ok(okStatuses.includes(res.status), `${path} ${res.status}`);
  assertPageTranslated(res.text, path, lang);
}

function assertPageTranslated(page: string, path: string, lang: 'ko' | 'en') {
  const $ = html(page);
  // Audit actions such as `auth.login` are data, not texts.
  $('.audit-log code, datalist').remove();
  assert.equal($('html').attr('lang'), lang, path);
  const shown = ['aria-label', 'placeholder', 'title', 'data-confirm'].flatMap((a) =>
    $(`body [${a}]`)
      .map((_i, el) => $(el).attr(a) ?? '')
      .get(),
  );
  const key = untranslatedKey([$('body').text(), ...shown].join(' '));
  assert.equal(key, undefined, `${lang} ${path} shows the key ${key}`);
  if (lang === 'en') assert.doesNotMatch($('main h1').text(), /[가-힣]/, `${path} has a Korean title in English`);
  if (lang === 'ko') {
    const english = $(chrome)
      .map((_i, el) => $(el).text().replace(/\s+/g, ' ').trim())
      .get()
      .filter((t) => /[A-Za-z]{3,} [A-Za-z]{3,}/.test(t) && !/[가-힣]/.test(t));
    assert.deepEqual(english, [], `${path} has English texts on a Korean page`);
  }
}

describe('pages in both languages', () => {
  const ctx = useTestApp();

  it('render every account text in Korean and in English', async () => {
    const token = (await issuePasswordToken(String((await make.staff('knu'))._id))).token;
    const resetToken = (await issuePasswordToken(String((await make.trainee())._id), undefined, 'reset')).token;
    const anon = request.agent(ctx.app);
    const signUp = {
      name: '가입자',
      email: 'i18n-signup@example.kr',
      password: 'cathode-active-material',
      passwordConfirm: 'cathode-active-material',
      category: 'student',
      privacyConsent: 'on',
    };
    // The answers to a sign-up and a reset request are rendered by the POST itself.
    for (const lang of ['ko', 'en'] as const) {
      for (const [path, form] of [
        ['/register', signUp],
        ['/password/forgot', { email: 'nobody@example.kr' }],
      ] as const) {
        const _csrf = await csrfToken(anon, `${path}?lang=${lang}`);
        const res = await anon
          .post(path)
          .type('form')
          .send({ _csrf, ...form });
        assert.equal(res.status, 200, path);
        assertPageTranslated(res.text, `POST ${path}`, lang);
      }
    }
    const activation = (await outboxLink(signUp.email, 'activate')).split('/').pop()!;
    const trainee = (await loginAgent(ctx.app, (await make.trainee({ consent: true })).email)).agent;
    const city = (await loginAgent(ctx.app, (await make.cityStaff()).email)).agent;
    const pages: [Agent, string][] = [
      [anon, '/login'],
      [anon, '/register'],
      [anon, '/privacy'],
      [anon, `/account/set-password/${token}`],
      [anon, '/account/set-password/used-or-unknown-token'],
      [anon, '/password/forgot'],
      [anon, `/password/reset/${resetToken}`],
      [anon, '/password/reset/used-or-unknown-token'],
      [anon, `/register/activate/${activation}`],
      [anon, '/register/activate/used-or-unknown-token'],
      [trainee, '/me/profile'],
      [city, '/me/profile'],
      [city, '/city/staff'],
      [city, '/city/staff/new'],
      [city, '/city/audit'],
      [city, '/city/skills/new'],
    ];
    for (const lang of ['ko', 'en'] as const) {
      for (const [agent, path] of pages) await assertTranslated(agent, path, lang, [200, 410]);
    }
  });

  it('render every page of the main journeys (visitor, trainee, university staff, city) in Korean and in English', async function () {
    this.timeout(120_000);
    const tour = await seedTour();
    const agents: Record<string, Agent> = { visitor: request.agent(ctx.app) };
    for (const [role, email] of Object.entries(tour.emails))
      agents[role] = (await loginAgent(ctx.app, email, tour.password)).agent;
    for (const lang of ['ko', 'en'] as const) {
      for (const [role, pages] of Object.entries(tour.pages)) {
        for (const [, path] of pages) await assertTranslated(agents[role]!, path, lang);
      }
    }
  });
});
