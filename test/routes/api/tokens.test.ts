import assert from 'node:assert/strict';
import request, { type Response } from 'supertest';
import { ApiScope, apiScopes } from '../../../models/api-token';
import { AuditEvent } from '../../../models/audit-event';
import { CompletionReport } from '../../../models/completion-report';
import { ApiToken } from '../../../models/api-token';
import { User } from '../../../models/user';
import { createApp } from '../../../server/app';
import { createI18n } from '../../../server/i18n';
import { seoulDayOf } from '../../../server/lib/calendar';
import { createLogger } from '../../../server/logger';
import { toActor } from '../../../server/services/accounts/auth';
import { createApiToken, revokeApiToken } from '../../../server/services/api-tokens/tokens';
import { describeChanges } from '../../../server/services/audit/describe';
import { auditTokenDays, writeTokenUses } from '../../../server/services/api-tokens/uses';
import { testConfig, useTestApp } from '../../support/app';
import { useCompletionCourse } from '../../support/completion-course';
import { make, universityId } from '../../support/factories';
import { hostileQueryValues } from '../../support/hostile-input';
import { openApiValidator } from '../../support/openapi';

interface Problem {
  type: string;
  status: number;
}

const problemType = (res: Response) => (res.body as Problem).type.replace('/api/docs#problem-', '');

describe('the API behind tokens (/api/v1)', () => {
  const ctx = useTestApp();
  const course = useCompletionCourse(ctx, 'reported');
  const api = openApiValidator(() => ctx.app);
  /** Secrets by who holds them. */
  const secrets: Record<string, string> = {};
  let reportId = '';
  let endpoints: { path: string; scope: ApiScope; ofOneUniversity: boolean }[] = [];
  /** Every answer the tests got with a 200, to search for personal data at the end. */
  const answered: string[] = [];

  const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
  async function get(path: string, headers: Record<string, string> = {}) {
    const res = await api.get(path, headers);
    if (res.status === 200) answered.push(res.text);
    return res;
  }

  /** The app with its limits out of the way of the many requests here (the last test checks them). */
  const appWithLimit = async (apiTokenRatePerMinute: number, env: Record<string, string> = {}) =>
    createApp({
      config: { ...testConfig(env), apiTokenRatePerMinute },
      logger: createLogger('silent'),
      i18n: await createI18n(),
    });

  before(async () => {
    ctx.app = await appWithLimit(100_000);
    const city = toActor(await make.cityStaff());
    const make1 = async (scopes: ApiScope[], university?: string) =>
      (
        await createApiToken(city, {
          name: 'test',
          days: 30,
          scopes,
          university: university && (await universityId(university)),
        })
      ).secret;
    for (const scope of ['figures:read', 'reports:read', 'enrollments:read', 'outcomes:read'] as const)
      secrets[scope] = await make1([scope]);
    secrets.postech = await make1([...apiScopes], 'postech');
    secrets.korea = await make1([...apiScopes], 'korea');
    secrets.expired = await make1(['figures:read', 'enrollments:read']);
    await ApiToken.updateOne({ hint: secrets.expired.slice(4, 10) }, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createApiToken(city, { name: 'revoked', days: 30, scopes: [...apiScopes].slice(0, 4) });
    secrets.revoked = revoked.secret;
    await revokeApiToken(city, revoked.id);
    reportId = String((await CompletionReport.findOne({}).lean())!._id);
    const courseId = String(course.course._id);
    endpoints = [
      { path: '/api/v1/figures', scope: 'figures:read', ofOneUniversity: false },
      { path: '/api/v1/reports', scope: 'reports:read', ofOneUniversity: false },
      { path: `/api/v1/reports/${reportId}`, scope: 'reports:read', ofOneUniversity: true },
      { path: '/api/v1/enrollments', scope: 'enrollments:read', ofOneUniversity: false },
      { path: '/api/v1/changes', scope: 'enrollments:read', ofOneUniversity: false },
      { path: '/api/v1/outcomes', scope: 'outcomes:read', ofOneUniversity: false },
      { path: `/api/v1/courses/${courseId}/roster`, scope: 'roster:read', ofOneUniversity: true },
      { path: `/api/v1/courses/${courseId}/attendance`, scope: 'attendance:read', ofOneUniversity: true },
    ];
  });

  it('declares a bearer scheme and each operation its scope in the OpenAPI document', async () => {
    const doc = (await request(ctx.app).get('/api/v1/openapi.json').expect(200)).body as {
      paths: Record<string, { get: { security?: Record<string, string[]>[]; responses: Record<string, unknown> } }>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    assert.deepEqual(doc.components.securitySchemes.apiToken, {
      ...doc.components.securitySchemes.apiToken,
      type: 'http',
      scheme: 'bearer',
    });
    for (const { path, scope } of endpoints) {
      const template = path.replace(/[0-9a-f]{24}/, '{id}');
      const op = doc.paths[template]?.get;
      assert.ok(op, template);
      assert.deepEqual(op.security, [{ apiToken: [scope] }]);
      for (const status of ['401', '403', '429']) assert.ok(op.responses[status], `${template} declares ${status}`);
    }
    assert.equal(doc.paths['/api/v1/courses']?.get.security, undefined, 'public operations need no token');
  });

  it('answers each operation only to a valid token holding its scope, of the right university', async () => {
    for (const { path, scope, ofOneUniversity } of endpoints) {
      const anonymous = await get(path);
      assert.equal(anonymous.status, 401, `${path} anonymous`);
      assert.equal(anonymous.headers['www-authenticate'], 'Bearer realm="Battery Talent Hub API"');
      for (const header of [
        'Bearer',
        'Bearer bth_short',
        `Basic ${Buffer.from('a:b').toString('base64')}`,
        `Bearer ${secrets.postech} extra`,
        `Bearer bth_${'A'.repeat(43)}`,
        `Bearer ${secrets.postech!.replace('bth_', 'xyz_')}`,
        secrets.postech!,
      ]) {
        const res = await get(path, { Authorization: header });
        assert.equal(res.status, 401, `${path} with ${header.slice(0, 20)}`);
        assert.equal(problemType(res), 'invalid-token');
        assert.match(String(res.headers['www-authenticate']), /error="invalid_token"/);
      }
      for (const who of ['expired', 'revoked']) {
        const res = await get(path, bearer(secrets[who]!));
        assert.equal(res.status, 401, `${path} ${who}`);
        assert.match(String(res.headers['www-authenticate']), new RegExp(`The token (has expired|has been revoked)`));
      }
      for (const held of ['figures:read', 'reports:read', 'enrollments:read', 'outcomes:read'] as const) {
        const res = await get(path, bearer(secrets[held]!));
        if (held === scope) {
          assert.equal(res.status, 200, `${path} with ${held}`);
          assert.equal(res.headers['cache-control'], 'private, no-store');
        } else {
          assert.equal(res.status, 403, `${path} with ${held}`);
          assert.equal(problemType(res), 'insufficient-scope');
          assert.match(String(res.headers['www-authenticate']), new RegExp(`scope="${scope}"`));
        }
      }
      assert.equal((await get(path, bearer(secrets.postech!))).status, 200, `${path} with POSTECH's token`);
      const other = await get(path, bearer(secrets.korea!));
      assert.equal(other.status, ofOneUniversity ? 403 : 200, `${path} with Korea University's token`);
      if (ofOneUniversity) assert.equal(problemType(other), 'wrong-university');
    }
  });

  it("narrows a university token's lists to its own university, and refuses another's on request", async () => {
    const korea = (await get('/api/v1/enrollments', bearer(secrets.korea!))).body as { items: unknown[] };
    assert.deepEqual(korea.items, [], "no row of POSTECH's course");
    const reports = (await get('/api/v1/reports', bearer(secrets.korea!))).body as { items: unknown[] };
    assert.deepEqual(reports.items, []);
    const figures = (await get('/api/v1/figures', bearer(secrets.korea!))).body as { applied: { university: string } };
    assert.equal(figures.applied.university, 'korea');
    for (const path of ['/api/v1/figures', '/api/v1/reports', '/api/v1/enrollments', '/api/v1/outcomes']) {
      const res = await get(`${path}?university=postech`, bearer(secrets.korea!));
      assert.equal(res.status, 403, path);
      assert.equal(problemType(res), 'wrong-university');
      assert.equal(
        (await get(`${path}?university=postech`, bearer(secrets[`${path.slice(8)}:read`] ?? secrets.postech!))).status,
        200,
      );
    }
  });

  it('serves the dashboard figures, the report with its hash, pseudonymous enrollments, rosters and attendance', async () => {
    const figures = (await get('/api/v1/figures?period=2026-Q3&university=postech', bearer(secrets.postech!))).body as {
      totals: { enrollments: number; completed: number };
    };
    assert.equal(figures.totals.enrollments, 3);
    const report = (await get(`/api/v1/reports/${reportId}`, bearer(secrets.postech!))).body as {
      contentHash: string;
      hashMatches: boolean;
      snapshot: { namedCompleters: number; figures: { enrollments: number } };
    };
    const stored = await CompletionReport.findById(reportId).lean();
    assert.equal(report.contentHash, stored!.contentHash);
    assert.equal(report.hashMatches, true);
    assert.equal(report.snapshot.figures.enrollments, 3);
    assert.ok(report.snapshot.namedCompleters >= 1, 'counted, not named');

    const roster = (await get(`/api/v1/courses/${String(course.course._id)}/roster`, bearer(secrets.postech!)))
      .body as { items: { trainee: string }[] };
    const enrollments = (await get('/api/v1/enrollments?university=postech', bearer(secrets.postech!))).body as {
      items: { trainee: string }[];
    };
    assert.equal(roster.items.length, 3);
    assert.deepEqual(
      roster.items.map((r) => r.trainee).sort(),
      enrollments.items.map((e) => e.trainee).sort(),
      'the same pseudonyms as the enrollments (and the export)',
    );
    const attendance = (await get(`/api/v1/courses/${String(course.course._id)}/attendance`, bearer(secrets.postech!)))
      .body as { sessions: unknown[]; items: { marks: { status: string }[] }[] };
    assert.equal(attendance.sessions.length, 5);
    assert.ok(attendance.items.every((i) => i.marks.length === 5));
    assert.equal((await get('/api/v1/courses/0123456789abcdef01234567/roster', bearer(secrets.postech!))).status, 404);
  });

  it('pages the enrollments in a stable order, every one once, and answers an unchanged page 304', async () => {
    const other = await make.course({ status: 'closed', university: 'korea', track: 'cell' });
    for (let i = 0; i < 4; i++) await make.enrollment(other, await make.trainee(), 'completed');
    const all = (await get('/api/v1/enrollments?limit=500', bearer(secrets['enrollments:read']!))).body as {
      items: { trainee: string; courseId: string }[];
    };
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        `/api/v1/enrollments?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        bearer(secrets['enrollments:read']!),
      );
      const page = res.body as { items: { trainee: string; courseId: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((e) => `${e.courseId} ${e.trainee}`));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      all.items.map((e) => `${e.courseId} ${e.trainee}`),
    );
    assert.deepEqual(seen, [...seen].sort());
    assert.equal(new Set(seen).size, seen.length);

    const first = await get('/api/v1/figures', bearer(secrets.postech!));
    const etag = String(first.headers.etag);
    assert.ok(etag);
    assert.equal((await get('/api/v1/figures', { ...bearer(secrets.postech!), 'If-None-Match': etag })).status, 304);
  });

  it('refuses hostile values on every parameter with 400 problem+json, never a 500', async () => {
    const params: Record<string, string[]> = {
      '/api/v1/figures': ['period', 'university', 'track', 'unknown'],
      '/api/v1/reports': ['status', 'university', 'limit', 'cursor', 'unknown'],
      '/api/v1/enrollments': ['period', 'university', 'track', 'limit', 'cursor', 'unknown'],
      '/api/v1/outcomes': ['university', 'unknown'],
      '/api/v1/changes': ['after', 'limit', 'unknown'],
      [`/api/v1/reports/${reportId}`]: ['unknown'],
      [`/api/v1/courses/${String(course.course._id)}/roster`]: ['unknown'],
      [`/api/v1/courses/${String(course.course._id)}/attendance`]: ['unknown'],
    };
    for (const [path, names] of Object.entries(params))
      for (const name of names)
        for (const value of hostileQueryValues) {
          const res = await get(`${path}?${name}=${encodeURIComponent(value)}`, bearer(secrets.postech!));
          assert.equal(res.status, 400, `${path} ${name}=${value.slice(0, 20)}`);
          assert.equal(problemType(res), 'bad-request');
        }
    const cursor = Buffer.from(JSON.stringify(['0123456789abcdef01234567', 'nope'])).toString('base64url');
    for (const path of [
      '/api/v1/reports/not-an-id',
      '/api/v1/courses/not-an-id/roster',
      '/api/v1/enrollments?limit=1&limit=2',
      '/api/v1/enrollments?university[$ne]=x',
      `/api/v1/enrollments?cursor=${cursor}`,
      `/api/v1/changes?after=${cursor}`,
      `/api/v1/changes?after=${Buffer.from(JSON.stringify(['1900-01-01', 0, 'zz'])).toString('base64url')}`,
    ])
      assert.equal((await get(path, bearer(secrets.postech!))).status, 400, path);
  });

  it('never answers a name, an email address or a phone number, whatever the scopes', async () => {
    assert.ok(answered.length > 30);
    const people = await User.find({}, { name: 1, email: 1, phone: 1 }).lean();
    const personal = people
      .flatMap((p) => [p.name, p.email, (p as { phone?: string }).phone])
      .filter((v): v is string => typeof v === 'string' && v.length > 2);
    assert.ok(personal.includes('김동의'));
    for (const text of answered)
      for (const value of personal) assert.ok(!text.includes(value), `${value} in an answer`);
  });

  it("audits each token's uses as one count per day, written once however often the day is visited", async () => {
    await writeTokenUses();
    const today = seoulDayOf(new Date());
    assert.ok((await auditTokenDays([today])) >= 5);
    assert.equal(await auditTokenDays([today]), 0);
    const postech = await ApiToken.findOne({ hint: secrets.postech!.slice(4, 10) }).lean();
    const event = await AuditEvent.findOne({ action: 'api_token.use', targetId: postech!._id }).lean();
    const uses = (event?.meta as { uses: number }).uses;
    assert.ok(uses > 20);
    const i18n = await createI18n();
    for (const [lang, line] of [
      ['ko', `요청 수: ${uses}`],
      ['en', `Requests: ${uses}`],
    ] as const)
      assert.ok(describeChanges(event!, i18n.getFixedT(lang), lang).includes(line), `the log says ${line}`);
  });

  it('limits requests per token and per address, counted in the database: 429 with Retry-After', async () => {
    const app = await appWithLimit(3, { TRUST_PROXY: '1' });
    const city = toActor(await make.cityStaff());
    const { secret } = await createApiToken(city, { name: 'limited', days: 1, scopes: ['figures:read'] });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        await request(app)
          .get('/api/v1/figures')
          .set(bearer(secret))
          .set('X-Forwarded-For', `198.51.100.${i + 1}`),
      );
    assert.deepEqual(
      statuses.map((r) => r.status),
      [200, 200, 200, 429],
    );
    assert.ok(Number(statuses[3]!.headers['retry-after']) >= 1);
    const guesses = [];
    for (let i = 0; i < 4; i++)
      guesses.push((await request(app).get('/api/v1/figures').set('X-Forwarded-For', '198.51.100.99')).status);
    assert.deepEqual(guesses, [401, 401, 401, 429], 'guessing tokens is limited per address');
  });
});
