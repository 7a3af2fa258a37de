import assert from 'node:assert/strict';
import { Certificate } from '../../models/certificate';
import { toActor } from '../../server/services/accounts/auth';
import { revokeCertificate } from '../../server/services/certificates/records';
import { commitCompletion } from '../../server/services/completion/completion-decide';
import { loginAgent, type Agent } from '../support/agents';
import { useTestApp } from '../support/app';
import { days, make } from '../support/factories';
import { html } from '../support/html';

/** The links of a page's navigation blocks, after checking each answers 200 (zip downloads included). */
async function followable(agent: Agent, path: string, selector: string): Promise<{ href: string; current: boolean }[]> {
  const $ = html((await agent.get(path).expect(200)).text);
  const links = $(`${selector} a`)
    .map((_i, el) => ({ href: $(el).attr('href') ?? '', current: $(el).attr('aria-current') === 'page' }))
    .get();
  for (const { href } of links) await agent.get(href).expect(200);
  return links;
}

describe('navigation between the areas', () => {
  const ctx = useTestApp();
  let done: Awaited<ReturnType<typeof make.course>>;
  let open: Awaited<ReturnType<typeof make.course>>;
  let staff: Awaited<ReturnType<typeof make.staff>>;
  let passed: Awaited<ReturnType<typeof make.trainee>>;
  let failed: Awaited<ReturnType<typeof make.trainee>>;

  before(async () => {
    staff = await make.staff('korea');
    done = await make.course({ university: 'korea', status: 'closed', days: days('2026-08-03', 2), code: 'NAV-DONE' });
    open = await make.course({ university: 'korea', code: 'NAV-OPEN' });
    [passed, failed] = [await make.trainee(), await make.trainee()];
    await make.marks(done, await make.enrollment(done, passed), ['present', 'present']);
    await make.marks(done, await make.enrollment(done, failed), ['absent', 'absent']);
    await make.enrollment(open, passed);
    await commitCompletion(toActor(staff), String(done._id), {});
  });

  it('takes university staff from the course list to every page of a course, and to reports', async () => {
    const { agent } = await loginAgent(ctx.app, staff.email);
    const area = await followable(agent, '/manage', '.section-nav');
    assert.deepEqual(
      area.map((l) => [l.href, l.current]),
      [
        ['/manage', true],
        ['/manage/reports', false],
      ],
    );
    assert.equal(
      (await followable(agent, '/manage/reports', '.section-nav')).find((l) => l.current)?.href,
      '/manage/reports',
    );

    const list = html((await agent.get('/manage').expect(200)).text);
    const rowLinks = (course: typeof done) =>
      list(`tr[data-course="${String(course._id)}"] .course-actions a`)
        .map((_i, el) => list(el).attr('href'))
        .get();
    const base = (course: typeof done) =>
      ['edit', 'roster', 'attendance', 'roll-call', 'complete', 'announcements'].map(
        (p) => `/manage/courses/${String(course._id)}/${p}`,
      );
    assert.deepEqual(rowLinks(open), base(open), 'no certificates to download before completion');
    assert.deepEqual(rowLinks(done), [...base(done), `/manage/courses/${String(done._id)}/certificates.zip`]);

    for (const [page, current] of [
      ['edit', 'edit'],
      ['roster', 'roster'],
      ['attendance', 'attendance'],
      ['complete', 'complete'],
      ['announcements', 'announcements'],
    ]) {
      const links = await followable(agent, `/manage/courses/${String(done._id)}/${page}`, '.course-actions');
      assert.equal(links.length, 7, page);
      assert.deepEqual(
        links.filter((l) => l.current).map((l) => l.href),
        [`/manage/courses/${String(done._id)}/${current}`],
      );
    }
    const certificate = html(
      (await agent.get(`/certificates/${(await Certificate.findOne({ course: done._id }).lean())?.number}`).expect(200))
        .text,
    );
    assert.equal(certificate('.breadcrumb a').attr('href'), `/manage/courses/${String(done._id)}/complete`);
    const openRoster = html((await agent.get(`/manage/courses/${String(open._id)}/roster`).expect(200)).text);
    assert.equal(openRoster('.course-actions .certificates-zip').length, 0);
  });

  it('takes a trainee from /me to the transcript and to the certificate of a completed course, never a revoked one', async () => {
    const { agent } = await loginAgent(ctx.app, passed.email);
    const nav = await followable(agent, '/me', '.section-nav');
    assert.deepEqual(
      nav.map((l) => [l.href, l.current]),
      [
        ['/me', true],
        ['/me/transcript', false],
        ['/me/data', false],
      ],
    );
    const certificate = await Certificate.findOne({ trainee: passed._id }).lean();
    assert.ok(certificate);
    const me = html((await agent.get('/me').expect(200)).text);
    assert.deepEqual(
      me('.certificate-link')
        .map((_i, el) => me(el).attr('href'))
        .get(),
      [`/certificates/${certificate.number}`],
    );
    assert.equal(me('.my-enrollment[data-status=completed] .certificate-link').length, 1);
    const page = html((await agent.get(`/certificates/${certificate.number}`).expect(200)).text);
    assert.deepEqual(
      page('.breadcrumb a')
        .map((_i, el) => page(el).attr('href'))
        .get(),
      ['/me', '/me/transcript'],
      'and back',
    );

    const other = html((await (await loginAgent(ctx.app, failed.email)).agent.get('/me').expect(200)).text);
    assert.equal(other('.my-enrollment[data-status=not_completed]').length, 1);
    assert.equal(other('.certificate-link').length, 0);

    await revokeCertificate(toActor(staff), certificate.number, '오기재');
    assert.equal(html((await agent.get('/me').expect(200)).text)('.certificate-link').length, 0);
  });

  it('takes city staff from the dashboard to reports, targets, skills, staff accounts, the audit log and the exports', async () => {
    const { agent } = await loginAgent(ctx.app, (await make.cityStaff()).email);
    const nav = await followable(agent, '/city', '.section-nav');
    assert.deepEqual(
      nav.map((l) => [l.href, l.current]),
      [
        ['/city', true],
        ['/city/reports', false],
        ['/city/targets', false],
        ['/city/skills', false],
        ['/city/outcomes', false],
        ['/city/staff', false],
        ['/city/audit', false],
        ['/city/api-tokens', false],
        ['/city/announcements', false],
      ],
    );
    for (const path of [
      '/city/reports',
      '/city/targets',
      '/city/skills',
      '/city/skills/new',
      '/city/staff',
      '/city/staff/new',
      '/city/audit',
      '/city/api-tokens',
      '/city/api-tokens/new',
      '/city/announcements',
    ]) {
      const current = (await followable(agent, path, '.section-nav')).filter((l) => l.current).map((l) => l.href);
      assert.deepEqual(current, [path.replace(/\/new$/, '')], path);
    }
    const exports = await followable(agent, '/city', '.exports');
    assert.deepEqual(
      exports.map((l) => l.href),
      ['/city/export.csv', '/city/export.xlsx'],
    );
  });

  it("links each role's own area from the header", async () => {
    for (const [user, area, text] of [
      [passed, '/me', '나의 학습'],
      [staff, '/manage', '과정 운영'],
      [await make.cityStaff(), '/city', '포항시 대시보드'],
      [await make.user({ role: 'admin' }), '/city', '포항시 대시보드'],
    ] as const) {
      const { agent } = await loginAgent(ctx.app, user.email);
      const header = await followable(agent, '/courses', '.main-nav');
      assert.deepEqual(
        header.map((l) => l.href),
        ['/', '/courses', '/universities', area],
        user.role,
      );
      assert.equal(
        html((await agent.get('/courses')).text)(`.main-nav a[href="${area}"]`)
          .text()
          .trim(),
        text,
        user.role,
      );
    }
  });
});
