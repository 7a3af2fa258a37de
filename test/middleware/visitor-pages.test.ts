import assert from 'node:assert/strict';
import request from 'supertest';
import { Course } from '../../models/course';
import { toActor } from '../../server/services/accounts/auth';
import { applyToCourse } from '../../server/services/applications/apply';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { changeChannel } from '../../server/db/change-channel';
import { minutes, useClock } from '../support/clock';
import { make } from '../support/factories';
import { html } from '../support/html';
import { isRead, operationsDuring } from '../support/operations';

/** The collections the app reads while answering one request. */
async function readsDuring(send: () => Promise<unknown>): Promise<string[]> {
  return (await operationsDuring(send)).filter(isRead).map((op) => op.collection);
}

describe('pages a visitor without a session sees alike', () => {
  const ctx = useTestApp();
  const clock = useClock();

  it('are rendered once per catalog version, language and minute, and sent with the security headers', async () => {
    const course = await make.course({ title: { ko: '방문자 캐시 과정', en: 'Visitor cache course' } });
    const path = `/courses/${String(course._id)}`;
    const first = await request(ctx.app).get(path).expect(200);
    assert.match(first.text, /방문자 캐시 과정/);

    let again: request.Response | undefined;
    const reads = await readsDuring(async () => {
      again = await request(ctx.app).get(path).expect(200);
    });
    assert.equal(again?.text, first.text);
    // The catalog's version, held in memory while the change channel listens (test/db/held-cache-versions.test.ts).
    assert.deepEqual(reads, changeChannel.listening ? [] : ['cacheversions'], 'at most the catalog version is read');
    assert.match(String(again?.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(String(again?.headers['set-cookie']), /bth\.sid/, 'no session is made');

    const english = await request(ctx.app).get(`${path}?lang=en`).expect(200);
    assert.match(english.text, /Visitor cache course/, 'each language has its own page');

    // A write to the catalog is seen at once; a page is rendered again after a minute in any case.
    await Course.updateOne({ _id: course._id }, { $set: { 'title.ko': '바뀐 제목 과정' } });
    assert.match((await request(ctx.app).get(path).expect(200)).text, /바뀐 제목 과정/);
    const renders = async (send: () => Promise<unknown>) => {
      const original = ctx.app.render;
      const render = original.bind(ctx.app);
      let count = 0;
      ctx.app.render = ((...args: Parameters<typeof render>) => {
        count++;
        return render(...args);
      }) as typeof render;
      try {
        await send();
      } finally {
        ctx.app.render = original;
      }
      return count;
    };
    assert.equal(await renders(() => request(ctx.app).get(path).expect(200)), 0, 'kept within its minute');
    clock.advance(minutes(2));
    assert.equal(await renders(() => request(ctx.app).get(path).expect(200)), 1, 'rendered again after its minute');
  });

  it('show a new application at once: the seat counts are part of what a kept page depends on', async () => {
    const course = await make.course({ capacity: 5, title: { ko: '방문자 좌석 과정', en: 'Visitor seats course' } });
    const path = `/courses/${String(course._id)}`;
    const seats = async () => html((await request(ctx.app).get(path).expect(200)).text)('.course-seats').text();
    const before = await seats();
    await applyToCourse(toActor(await make.trainee()), String(course._id));
    assert.notEqual(await seats(), before, 'the kept page is not served after a seat write');
  });

  it('are never served to someone signed in, nor kept from their pages', async () => {
    const trainee = await make.trainee({ name: '캐시확인' });
    await request(ctx.app).get('/courses').expect(200);
    const signedIn = await loginAgent(ctx.app, trainee.email);
    const theirs = html((await signedIn.agent.get('/courses').expect(200)).text);
    assert.match(theirs('.user-name').text(), /캐시확인/);
    const visitor = html((await request(ctx.app).get('/courses').expect(200)).text);
    assert.equal(visitor('.user-name').length, 0);
    assert.doesNotMatch(visitor.html(), /캐시확인/);
  });

  it('leaves pages with a form to the whole chain', async () => {
    const login = await request(ctx.app).get('/login').expect(200);
    assert.match(String(login.headers['set-cookie']), /bth\.sid/, 'the login form gets its session and token');
  });
});
