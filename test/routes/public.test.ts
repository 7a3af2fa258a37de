import assert from 'node:assert/strict';
import request from 'supertest';
import { partnerUniversities } from '../../server/seed/partner-universities';
import { useTestApp } from '../support/app';
import { html, texts } from '../support/html';

describe('public pages', () => {
  const ctx = useTestApp();

  describe('GET /', () => {
    it('shows the programme and the eight partners in Korean by default', async () => {
      const res = await request(ctx.app).get('/').expect(200).expect('Content-Type', /html/);
      const $ = html(res.text);
      assert.equal($('html').attr('lang'), 'ko');
      assert.match($('h1').text(), /이차전지/);
      assert.deepEqual(
        texts(res.text, '.partner-list .partner-name'),
        partnerUniversities.map((u) => u.name.ko),
      );
    });

    it('switches to English with ?lang=en and remembers it in a cookie', async () => {
      const agent = request.agent(ctx.app);
      const first = await agent.get('/?lang=en').expect(200);
      assert.equal(html(first.text)('html').attr('lang'), 'en');
      assert.ok(texts(first.text, '.partner-name').includes('POSTECH'));
      assert.match(String(first.headers['set-cookie']), /lang=en/);

      const second = await agent.get('/universities').expect(200);
      assert.equal(html(second.text)('h1').text(), 'Partner universities');
    });

    it('chooses English from Accept-Language, and an explicit ?lang wins over it', async () => {
      const en = await request(ctx.app).get('/').set('Accept-Language', 'en-US,en;q=0.9').expect(200);
      assert.equal(html(en.text)('html').attr('lang'), 'en');
      const ko = await request(ctx.app).get('/?lang=ko').set('Accept-Language', 'en-US').expect(200);
      assert.equal(html(ko.text)('html').attr('lang'), 'ko');
    });

    it('offers language switch links that keep the current page', async () => {
      const res = await request(ctx.app).get('/universities/postech').expect(200);
      const $ = html(res.text);
      assert.equal($('.lang-switch a[hreflang=en]').attr('href'), '/universities/postech?lang=en');
    });

    it('sends security headers with a CSP that allows no inline script', async () => {
      const res = await request(ctx.app).get('/').expect(200);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    });
  });

  describe('universities', () => {
    it('lists all eight partners with their centres', async () => {
      const res = await request(ctx.app).get('/universities').expect(200);
      assert.equal(texts(res.text, '.partner-list li').length, 8);
      assert.ok(
        texts(res.text, '.partner-list li').some(
          (t) => t.includes('한동대학교') && t.includes('그린에너지&E-모빌리티 ICC'),
        ),
      );
    });

    it('shows one university in both languages', async () => {
      const ko = await request(ctx.app).get('/universities/knu').expect(200);
      assert.equal(html(ko.text)('h1').text(), '경북대학교');
      assert.equal(html(ko.text)('.centre-name').text(), 'LINC 3.0 ICC 협업센터');
      const en = await request(ctx.app).get('/universities/knu?lang=en').expect(200);
      assert.equal(html(en.text)('h1').text(), 'Kyungpook National University');
    });

    it('answers an unknown university with the 404 page in the chosen language', async () => {
      const ko = await request(ctx.app).get('/universities/nowhere').expect(404);
      assert.equal(html(ko.text)('h1').text(), '페이지를 찾을 수 없습니다');
      const en = await request(ctx.app).get('/universities/nowhere?lang=en').expect(404);
      assert.equal(html(en.text)('h1').text(), 'Page not found');
    });
  });

  describe('errors', () => {
    it('answers an unknown path with the 404 page', async () => {
      const res = await request(ctx.app).get('/no/such/page').expect(404);
      assert.match(html(res.text)('.error-page').text(), /주소를 다시 확인/);
    });

    it('answers an oversized form body with an error page, not a stack trace', async () => {
      const res = await request(ctx.app)
        .post('/')
        .type('form')
        .send(`name=${'x'.repeat(1_100_000)}`)
        .expect(413);
      assert.doesNotMatch(res.text, /at .*\.(ts|js):\d+/);
      assert.match(html(res.text)('.error-page').text(), /입력 내용을 확인/);
    });
  });

  describe('GET /healthz', () => {
    it('answers 200 while the database answers', async () => {
      const res = await request(ctx.app).get('/healthz').expect(200);
      assert.deepEqual(res.body, { status: 'ok', database: 'up' });
    });
  });
});
