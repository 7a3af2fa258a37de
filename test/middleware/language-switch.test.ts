// The header's language switch never leads to a 404: on a page that answers a form (a confirm page,
// a refused form shown again) it leads to the page the form was on, shown in the other language.
import assert from 'node:assert/strict';
import request, { type Response } from 'supertest';
import { toActor } from '../../server/services/accounts/auth';
import { applyToCourse } from '../../server/services/applications/apply';
import { csrfToken, loginAgent, type Agent } from '../support/agents';
import { useTestApp } from '../support/app';
import { dayFromNow, defaultPassword, make } from '../support/factories';
import { formBody, formFields, html } from '../support/html';

describe('language switch on pages that answer a form', () => {
  const ctx = useTestApp();
  let staff: Agent;

  before(async () => {
    ({ agent: staff } = await loginAgent(ctx.app, (await make.staff('postech')).email));
  });

  /** Opens `page` and submits its form posting to `action` as a browser would, with some fields changed. */
  async function submitFrom(
    page: string,
    action: string,
    status: number,
    changes: Record<string, string> = {},
  ): Promise<Response> {
    const $ = html((await staff.get(page).expect(200)).text);
    const form = `form[action="${action}"]`;
    assert.equal($(form).length, 1, `${page} has a form posting to ${action}`);
    return staff
      .post(action)
      .type('form')
      .send(formBody(formFields($, form), changes))
      .expect(status);
  }

  /** Follows the header's link to English from an answer, and says where it went and what it showed. */
  async function switchToEnglish(answer: Response) {
    const href = html(answer.text)('.lang-switch a[hreflang=en]').attr('href')!;
    const page = await staff.get(href);
    await staff.get('/?lang=ko');
    return { href, status: page.status, $: html(page.text) };
  }

  it('from each confirm page, goes to the page the form was on, in English', async () => {
    const pending = await make.course({ university: 'postech', approvalRequired: true });
    const { enrollmentId } = await applyToCourse(toActor(await make.trainee()), String(pending._id));
    const finished = await make.course({ university: 'postech', status: 'closed', days: [dayFromNow(-3)] });
    const enrollment = await make.enrollment(finished, await make.trainee());
    await make.marks(finished, enrollment, ['present']);
    const roster = `/manage/courses/${String(pending._id)}/roster`;
    const completion = `/manage/courses/${String(finished._id)}/complete`;
    const edit = `/manage/courses/${String(pending._id)}/edit`;

    const cases = [
      { page: roster, action: `/manage/enrollments/${enrollmentId}/reject`, heading: 'Roster' },
      { page: completion, action: completion, heading: 'Completion' },
      { page: edit, action: `/manage/courses/${String(pending._id)}/cancel`, heading: 'Edit course' },
    ];
    for (const { page, action, heading } of cases) {
      const asked = await submitFrom(page, action, 200);
      assert.equal(html(asked.text)('form.confirm-form').length, 1, `${action} asks first`);
      const switched = await switchToEnglish(asked);
      assert.equal(switched.status, 200, `${action}: ${switched.href}`);
      assert.equal(switched.href, `${page}?lang=en`);
      assert.match(switched.$('h1').text(), new RegExp(heading));
    }

    const committed = await submitFrom(completion, completion, 200);
    await staff
      .post(completion)
      .type('form')
      .send(formBody(formFields(html(committed.text), 'form.confirm-form')))
      .expect(303);
    const certificate = html((await staff.get(completion)).text)('a[href^="/certificates/"]')
      .first()
      .attr('href')!;
    const revoke = `/manage/certificates/${certificate.split('/').pop()!}/revoke`;
    const asked = await submitFrom(certificate, revoke, 200, { reason: 'Misrecorded' });
    const fromAsked = await switchToEnglish(asked);
    assert.equal(fromAsked.status, 200, fromAsked.href);
    assert.equal(fromAsked.href, `${certificate}?lang=en`);

    // The confirm page refuses an emptied reason and shows itself again: still the certificate's page.
    const $asked = html(asked.text);
    const refused = await staff
      .post(revoke)
      .type('form')
      .send(formBody(formFields($asked, 'form.confirm-form'), { reason: '' }))
      .expect(422);
    const fromRefused = await switchToEnglish(refused);
    assert.equal(fromRefused.status, 200, fromRefused.href);
    assert.equal(fromRefused.href, `${certificate}?lang=en`);
    assert.equal(fromRefused.$('html').attr('lang'), 'en');
  });

  it('from refused forms, goes to the form’s page in English', async () => {
    const course = await make.course({ university: 'postech' });
    const roster = `/manage/courses/${String(course._id)}/roster`;

    const refusedNew = await submitFrom('/manage/courses/new', '/manage/courses/new', 422);
    const fromNew = await switchToEnglish(refusedNew);
    assert.equal(fromNew.status, 200);
    assert.equal(fromNew.href, '/manage/courses/new?lang=en');
    assert.match(fromNew.$('h1').text(), /New course/);

    const refusedEnrol = await submitFrom(roster, `${roster}/enrol`, 422, { email: 'nobody@example.kr' });
    assert.ok(html(refusedEnrol.text)('.form-errors').text().trim(), 'the roster shows why');
    const fromEnrol = await switchToEnglish(refusedEnrol);
    assert.equal(fromEnrol.status, 200);
    assert.equal(fromEnrol.href, `${roster}?lang=en`);
    assert.match(fromEnrol.$('h1').text(), /Roster/);
  });

  /** Addresses that pass a check of the raw text, or normalise (`new URL`) to another host. */
  const offSite = [
    '/.//evil.example',
    '/./\\evil.example',
    '/..//evil.example',
    '/\\evil.example',
    '/%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%2e//evil.example',
    '//evil.example',
    'https:evil.example',
    'https://evil.example/',
    '/\t/evil.example',
    '/.\t//evil.example',
    '/\n/evil.example',
    '/.//evil.example\r\n',
  ];

  /** Every link and posted page address on the answer stays on this site. */
  function assertStaysHere(answer: Response, what: string) {
    const $ = html(answer.text);
    const site = 'https://talent.pohang.example';
    const hrefs = ['ko', 'en'].map((lang) => $(`.lang-switch a[hreflang=${lang}]`).attr('href'));
    assert.equal(hrefs.filter(Boolean).length, 2, `${what}: the page has both language links`);
    for (const href of [
      ...hrefs,
      ...$('input[name=_page]')
        .map((_i, el) => $(el).val())
        .get(),
    ]) {
      assert.equal(typeof href, 'string', what);
      assert.equal(new URL(href as string, `${site}/somewhere/`).origin, site, `${what}: ${JSON.stringify(href)}`);
      assert.match(href as string, /^\/(?![/\\])/, `${what}: ${JSON.stringify(href)}`);
    }
  }

  it('never leads off the site, whatever page address a form posts (or a visitor opens)', async () => {
    const visitor = request.agent(ctx.app);
    const token = await csrfToken(visitor, '/password/forgot');
    for (const [i, shape] of offSite.entries()) {
      const what = JSON.stringify(shape);
      const forgot = await visitor
        .post('/password/forgot')
        .type('form')
        .send({ _csrf: token, _page: shape, email: 'nobody@example.kr' });
      // Past ten requests from one address the form is shown again with the wait: the same header.
      assert.ok([200, 429].includes(forgot.status), `${forgot.status}`);
      assertStaysHere(forgot, `forgot ${what}`);
      const refused = await visitor
        .post('/password/forgot')
        .type('form')
        .send({ _csrf: token, _page: shape, email: '' })
        .expect(422);
      assertStaysHere(refused, `refused forgot ${what}`);
      const login = await visitor
        .post('/login')
        .type('form')
        .send({ _csrf: token, _page: shape, email: `nobody${i}@example.kr`, password: 'wrong-password-here' })
        .expect(401);
      assertStaysHere(login, `login ${what}`);
      const noToken = await request(ctx.app)
        .post('/password/forgot')
        .type('form')
        .send({ _page: shape, email: 'nobody@example.kr' })
        .expect(403);
      assertStaysHere(noToken, `refused CSRF post ${what}`);
    }
    for (const shape of ['/.//evil.example', '/./%5Cevil.example', '/a/..//evil.example/'])
      assertStaysHere(await request(ctx.app).get(shape).expect(404), `GET ${shape}`);
  });

  it('returns after login only to a page of this site, checked as normalised', async () => {
    const trainee = await make.trainee();
    for (const shape of offSite) {
      const agent = request.agent(ctx.app);
      const token = await csrfToken(agent, '/login');
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: token, email: trainee.email, password: defaultPassword, returnTo: shape })
        .expect(303);
      const site = 'https://talent.pohang.example';
      assert.equal(new URL(res.headers.location!, `${site}/login`).origin, site, JSON.stringify(shape));
      assert.match(res.headers.location!, /^\/(?![/\\])/, JSON.stringify(shape));
    }
  });

  it('keeps the switch on an ordinary page pointing at that page', async () => {
    const page = await staff.get('/manage?lang=ko').expect(200);
    const $ = html(page.text);
    assert.equal($('.lang-switch a[hreflang=en]').attr('href'), '/manage?lang=en');
    assert.equal($('.lang-switch a[hreflang=ko]').attr('href'), '/manage?lang=ko');
  });
});
