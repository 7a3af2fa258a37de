import assert from 'node:assert/strict';
import request from 'supertest';
import { issuePasswordToken } from '../../server/services/password-tokens';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { createCityStaff, createStaff, createTrainee } from '../support/factories';
import { html } from '../support/html';

/** A translation key left as text, e.g. `auth.register.title`, means a missing text. */
const rawKey = /\b(auth|profile|staff|audit|forms|errors|common|notifications)\.[a-z]\w*(\.\w+)*\b/;

describe('account pages in both languages', () => {
  const ctx = useTestApp();

  it('render every text in Korean and in English', async () => {
    const token = (await issuePasswordToken(String((await createStaff('knu'))._id))).token;
    const anon = request.agent(ctx.app);
    const trainee = (await loginAgent(ctx.app, (await createTrainee({ consent: true })).email)).agent;
    const city = (await loginAgent(ctx.app, (await createCityStaff()).email)).agent;
    const pages: [ReturnType<typeof request.agent>, string][] = [
      [anon, '/login'], [anon, '/register'], [anon, '/privacy'], [anon, `/account/set-password/${token}`], [anon, '/account/set-password/used-or-unknown-token'],
      [trainee, '/me/profile'], [city, '/me/profile'], [city, '/city/staff'], [city, '/city/staff/new'], [city, '/city/audit'],
    ];
    for (const lang of ['ko', 'en']) {
      for (const [agent, path] of pages) {
        const res = await agent.get(`${path}?lang=${lang}`);
        assert.ok([200, 410].includes(res.status), `${path} ${res.status}`);
        const $ = html(res.text);
        // Audit actions such as `auth.login` are data, not texts.
        $('.audit-log code, datalist').remove();
        assert.equal($('html').attr('lang'), lang, path);
        const text = $('main').text() + $('main [data-confirm]').map((_i, el) => $(el).attr('data-confirm') ?? '').get().join(' ');
        assert.doesNotMatch(text, rawKey, `${lang} ${path}`);
        if (lang === 'en') assert.doesNotMatch($('main h1').text(), /[가-힣]/, `${path} has a Korean title in English`);
      }
    }
  });
});
