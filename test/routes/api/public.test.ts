import assert from 'node:assert/strict';
import request from 'supertest';
import { Certificate } from '../../../models/certificate';
import { createApp } from '../../../server/app';
import { createI18n } from '../../../server/i18n';
import { createLogger } from '../../../server/logger';
import { useTestApp, testConfig } from '../../support/app';
import { useCompletionCourse } from '../../support/completion-course';
import { dayFromNow, make } from '../../support/factories';
import { html } from '../../support/html';
import { hostileQueryValues } from '../../support/hostile-input';
import { openApiValidator } from '../../support/openapi';

interface ApiCourse {
  id: string;
  code: string;
  startsAt: string | null;
  university: { code: string } | null;
}

describe('the public API (/api/v1)', () => {
  const ctx = useTestApp();
  const completed = useCompletionCourse(ctx, 'completed');
  const api = openApiValidator(() => ctx.app);

  it('describes itself in an OpenAPI 3.1 document made from its schemas, and a reference page in both languages', async () => {
    const doc = (await request(ctx.app).get('/api/v1/openapi.json').expect(200)).body as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths).sort(), [
      '/api/v1/certificates/{code}',
      '/api/v1/changes',
      '/api/v1/courses',
      '/api/v1/courses/{id}',
      '/api/v1/courses/{id}/attendance',
      '/api/v1/courses/{id}/roster',
      '/api/v1/enrollments',
      '/api/v1/figures',
      '/api/v1/open-data/figures',
      '/api/v1/open-data/figures.csv',
      '/api/v1/outcomes',
      '/api/v1/reports',
      '/api/v1/reports/{id}',
      '/api/v1/universities',
    ]);
    assert.ok(doc.components.schemas.Course && doc.components.schemas.Problem);
    for (const lang of ['ko', 'en']) {
      const page = await request(ctx.app).get(`/api/docs?lang=${lang}`).expect(200);
      const $ = html(page.text);
      assert.equal($('h1').text(), lang === 'ko' ? 'API 안내' : 'API reference');
      assert.equal($('#problem-bad-request').length, 1, 'each problem type has its anchor');
      assert.equal($('script[src^="http"], link[href^="http"]').length, 0, 'no outside requests');
    }
    const bundle = await request(ctx.app).get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
    assert.match(String(bundle.headers['content-type']), /javascript/);
  });

  it('lists public courses page by page in a stable order, every one once, with the catalog filters', async () => {
    const drafts = await make.course({ status: 'draft' });
    const published = await Promise.all(
      [0, 1, 2, 3, 4].map((n) => make.course({ status: 'published', days: [dayFromNow(40 + n)] })),
    );
    const seen: ApiCourse[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.get(`/api/v1/courses?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'public, max-age=60');
      const body = res.body as { items: ApiCourse[]; nextCursor: string | null };
      assert.ok(body.items.length <= 2);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    const ids = seen.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'no course twice');
    assert.deepEqual(ids, [...ids].sort(), 'in id order');
    for (const c of published) assert.ok(ids.includes(String(c._id)));
    assert.ok(!ids.includes(String(drafts._id)), 'a draft is not public');

    const byStart = (await api.get('/api/v1/courses?sort=start&limit=100')).body as { items: ApiCourse[] };
    const starts = byStart.items.map((c) => c.startsAt ?? '9999');
    assert.deepEqual(starts, [...starts].sort());
    const postech = (await api.get('/api/v1/courses?university=postech&limit=100')).body as { items: ApiCourse[] };
    assert.ok(postech.items.length > 0);
    assert.ok(postech.items.every((c) => c.university?.code === 'postech'));
    const code = published[0]!.code;
    const found = (await api.get(`/api/v1/courses?q=${encodeURIComponent(code)}`)).body as { items: ApiCourse[] };
    assert.deepEqual(
      found.items.map((c) => c.code),
      [code],
    );
  });

  it('shows one public course with its sessions; a draft or an unknown id is not found', async () => {
    const course = await make.course({ status: 'published', days: [dayFromNow(20), dayFromNow(21)] });
    const res = await api.get(`/api/v1/courses/${String(course._id)}`);
    assert.equal(res.status, 200);
    const body = res.body as { sessions: { date: string }[]; url: string };
    assert.deepEqual(
      body.sessions.map((s) => s.date),
      [dayFromNow(20), dayFromNow(21)],
    );
    assert.match(body.url, new RegExp(`/courses/${String(course._id)}$`));
    const draft = await make.course({ status: 'draft' });
    for (const id of [String(draft._id), '0123456789abcdef01234567']) {
      const missing = await api.get(`/api/v1/courses/${id}`);
      assert.equal(missing.status, 404);
      assert.equal((missing.body as { type: string }).type, '/api/docs#problem-not-found');
    }
  });

  it('answers from what it kept only while the catalog is unchanged: a course published since is listed at once', async () => {
    const address = '/api/v1/courses?sort=id&limit=100&track=recycling';
    const before = ((await api.get(address)).body as { items: ApiCourse[] }).items.map((c) => c.id);
    const added = await make.course({ status: 'published', track: 'recycling' });
    const after = ((await api.get(address)).body as { items: ApiCourse[] }).items.map((c) => c.id);
    assert.deepEqual(after, [...before, String(added._id)]);
  });

  it('lists the partner universities', async () => {
    const res = await api.get('/api/v1/universities');
    const codes = (res.body as { items: { code: string }[] }).items.map((u) => u.code);
    assert.ok(codes.includes('postech'));
  });

  it('checks a certificate as the verification page does, and says revoked or not found', async () => {
    const cert = await Certificate.findOne({ course: completed.course._id, revokedAt: null }).lean();
    assert.ok(cert);
    const valid = await api.get(`/api/v1/certificates/${cert.code}`);
    assert.equal(valid.status, 200);
    assert.equal(valid.headers['cache-control'], 'private, no-store');
    assert.deepEqual(
      Object.keys(valid.body as object).sort(),
      ['courseTitle', 'hours', 'issuedAt', 'name', 'state', 'universityName'],
      'the five facts of the verification page and its state',
    );
    await Certificate.updateOne({ _id: cert._id }, { revokedAt: new Date() });
    assert.deepEqual((await api.get(`/api/v1/certificates/${cert.code}`)).body, { state: 'revoked' });
    assert.equal((await api.get('/api/v1/certificates/NoSuchCodeNoSuchCode00')).status, 404);
  });

  it('refuses hostile values on every parameter with 400 problem+json, never a 500, and names them', async () => {
    const params = ['q', 'university', 'track', 'mode', 'level', 'month', 'open', 'sort', 'limit', 'cursor', 'unknown'];
    for (const name of params)
      for (const value of hostileQueryValues) {
        const res = await api.get(`/api/v1/courses?${name}=${encodeURIComponent(value)}`);
        if (name === 'q' && value.length <= 100) {
          assert.equal(res.status, 200, `q=${value} is a search`);
          continue;
        }
        assert.equal(res.status, 400, `${name}=${value.slice(0, 20)} answered ${res.status}`);
        const problem = res.body as { type: string; invalidParams: { name: string }[] };
        assert.equal(problem.type, '/api/docs#problem-bad-request');
        assert.ok(
          problem.invalidParams.some((p) => p.name.includes(name)),
          `names ${name}`,
        );
      }
    for (const path of ['/api/v1/courses?q=a&q=b', '/api/v1/courses?q[$ne]=1', '/api/v1/courses/not-an-id']) {
      const res = await api.get(path);
      assert.equal(res.status, 400, path);
    }
    assert.equal((await api.get('/api/v1/certificates/short')).status, 400);
    assert.equal((await api.get('/api/v1/universities?page=2')).status, 400);
  });

  it('answers an unchanged list 304 to its ETag, and sends no CORS header unless configured', async () => {
    const first = await api.get('/api/v1/universities');
    const etag = String(first.headers.etag);
    assert.ok(etag);
    assert.equal((await api.get('/api/v1/universities', { 'If-None-Match': etag })).status, 304);
    const plain = await request(ctx.app).get('/api/v1/universities').set('Origin', 'https://jobs.pohang.example');
    assert.equal(plain.headers['access-control-allow-origin'], undefined);

    const config = testConfig({ API_CORS_ORIGINS: 'https://jobs.pohang.example' });
    const withCors = createApp({ config, logger: createLogger('silent'), i18n: await createI18n() });
    const allowed = await request(withCors).get('/api/v1/universities').set('Origin', 'https://jobs.pohang.example');
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://jobs.pohang.example');
    const other = await request(withCors).get('/api/v1/universities').set('Origin', 'https://evil.example');
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  it('limits certificate checks per address with 429 and Retry-After, counted in the database', async () => {
    let last = await api.get('/api/v1/certificates/NoSuchCodeNoSuchCode01');
    for (let i = 0; i < 30 && last.status !== 429; i++)
      last = await api.get('/api/v1/certificates/NoSuchCodeNoSuchCode01');
    assert.equal(last.status, 429);
    assert.ok(Number(last.headers['retry-after']) >= 1);
    assert.equal((last.body as { type: string }).type, '/api/docs#problem-too-many-requests');
  });
});
