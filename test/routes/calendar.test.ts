import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import request from 'supertest';
import { AuditEvent } from '../../models/audit-event';
import { CalendarFeed } from '../../models/calendar-feed';
import { Course } from '../../models/course';
import { digestToken } from '../../server/lib/one-time-token';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { dayFromNow, make } from '../support/factories';
import { html } from '../support/html';
import { readIcs } from '../support/ics';

/** The path of a calendar address shown on the page (the app writes it on BASE_URL). */
function feedPath(page: string): string {
  const url = html(page)('#calendar-url').val();
  assert.ok(typeof url === 'string' && url, 'the page shows the address');
  return new URL(url).pathname;
}

describe('calendars: a course as an ICS file, a trainee feed behind a secret address', () => {
  const ctx = useTestApp();

  describe('a course as an ICS file', () => {
    it('has one event per session at its Seoul time, stable UIDs and stamps, escaped text, and answers 304 when unchanged', async () => {
      const course = await make.course({
        code: 'ICS-1',
        title: { ko: '셀 설계, 공정; 그리고 \\ 실습', en: 'Cell design, process; and \\ practice' },
        days: ['2027-03-02', '2027-03-03'],
        hours: { start: '09:00', end: '12:30' },
      });
      const first = await request(ctx.app)
        .get(`/courses/${String(course._id)}/calendar.ics`)
        .expect(200);
      assert.match(String(first.headers['content-type']), /^text\/calendar; charset=utf-8/);
      assert.match(String(first.headers['content-disposition']), /^attachment; filename="?ICS-1\.ics"?$/);
      assert.equal(first.headers['cache-control'], 'private, max-age=300');
      assert.match(first.text, /SUMMARY:셀 설계\\, 공정\\; 그리고 \\\\ 실습/, 'comma, semicolon and backslash escaped');

      const { name, events } = readIcs(first.text);
      assert.equal(name, 'ICS-1 셀 설계\\, 공정\\; 그리고 \\\\ 실습', 'the calendar name escaped too');
      assert.deepEqual(
        events.map((e) => [e.summary, e.start.toISOString(), e.end.toISOString(), e.location, e.status]),
        [
          [
            '셀 설계, 공정; 그리고 \\ 실습 (1/2)',
            '2027-03-02T00:00:00.000Z',
            '2027-03-02T03:30:00.000Z',
            '포항가속기연구소',
            'CONFIRMED',
          ],
          [
            '셀 설계, 공정; 그리고 \\ 실습 (2/2)',
            '2027-03-03T00:00:00.000Z',
            '2027-03-03T03:30:00.000Z',
            '포항가속기연구소',
            'CONFIRMED',
          ],
        ],
        '09:00 in Seoul is 00:00 UTC',
      );
      const sessionIds = course.sessions.map((s) => String(s._id));
      assert.deepEqual(
        events.map((e) => e.uid),
        sessionIds.map((id) => `${id}@${new URL(ctx.config.baseUrl).hostname}`),
      );
      assert.equal(events[0]!.url, `${ctx.config.baseUrl}/courses/${String(course._id)}`);
      assert.match(events[0]!.description, /^세션 1\n포스텍/);
      assert.deepEqual(
        events.map((e) => e.stamp.getTime()),
        events.map(() => Math.floor(course.updatedAt.getTime() / 1000) * 1000),
        'DTSTAMP is the last change of the course, not the time of the request',
      );

      const etag = first.headers.etag;
      assert.ok(etag);
      const again = await request(ctx.app)
        .get(`/courses/${String(course._id)}/calendar.ics`)
        .expect(200);
      assert.equal(again.text, first.text, 'the same bytes for an unchanged course');
      await request(ctx.app)
        .get(`/courses/${String(course._id)}/calendar.ics`)
        .set('If-None-Match', etag)
        .expect(304);

      const en = readIcs(
        (
          await request(ctx.app)
            .get(`/courses/${String(course._id)}/calendar.ics?lang=en`)
            .expect(200)
        ).text,
      );
      assert.equal(en.events[0]!.summary, 'Cell design, process; and \\ practice (1/2)');
      assert.match(en.events[0]!.description, /\nPOSTECH\n/);
    });

    it('folds long lines at 75 octets without splitting a Hangul character', async () => {
      const long = '이차전지 양극재 합성과 분석 심화 과정: 방사광 가속기를 이용한 구조 분석과 전기화학 평가 실습';
      const course = await make.course({ title: { ko: long, en: 'Long' }, days: [dayFromNow(40)] });
      const res = await request(ctx.app)
        .get(`/courses/${String(course._id)}/calendar.ics`)
        .expect(200);
      assert.ok(
        res.text.split('\r\n').some((line) => line.startsWith(' ')),
        'a folded line',
      );
      assert.equal(readIcs(res.text).events[0]!.summary, `${long} (1/1)`);
    });

    it('is linked from the course page, and answers 404 where the course page does', async () => {
      const course = await make.course();
      const page = html(
        (
          await request(ctx.app)
            .get(`/courses/${String(course._id)}`)
            .expect(200)
        ).text,
      );
      assert.equal(page('.calendar-link a').attr('href'), `/courses/${String(course._id)}/calendar.ics`);
      assert.match(page('.calendar-link').text(), /캘린더에 추가/);
      for (const status of ['draft', 'cancelled'] as const) {
        const hidden = await make.course({ status });
        await request(ctx.app)
          .get(`/courses/${String(hidden._id)}/calendar.ics`)
          .expect(404);
      }
      await request(ctx.app).get('/courses/nonsense/calendar.ics').expect(404);
    });
  });

  describe("a trainee's feed", () => {
    it('is made on /me, shown once, works without signing in, holds only confirmed and finished places, and is audited', async () => {
      const trainee = await make.trainee({ name: '피드 교육생' });
      const course = (code: string) => make.course({ code, title: { ko: code, en: code }, days: [dayFromNow(20)] });
      const statuses = [
        'enrolled',
        'completed',
        'not_completed',
        'pending',
        'waitlisted',
        'withdrawn',
        'rejected',
      ] as const;
      for (const status of statuses) await make.enrollment(await course(status.toUpperCase()), trainee, status);
      const { agent, csrf } = await loginAgent(ctx.app, trainee.email);

      const before = html((await agent.get('/me').expect(200)).text);
      assert.match(before('.calendar-feed-state').text(), /아직 구독 주소가 없습니다/);
      const made = await agent.post('/me/calendar').type('form').send({ _csrf: csrf }).expect(200);
      const path = feedPath(made.text);
      assert.match(path, /^\/calendar\/[\w-]{43}\.ics$/);
      assert.equal(
        html(made.text)('a[href^="webcal:"]').attr('href'),
        `webcal:${ctx.config.baseUrl.replace(/^https?:/, '')}${path}`,
      );

      const feed = await request(ctx.app).get(path).expect(200);
      assert.equal(feed.headers['cache-control'], 'private, max-age=300');
      assert.ok(feed.headers.etag);
      const { name, events } = readIcs(feed.text);
      assert.equal(name, '이차전지 인재 허브 · 나의 교육 일정');
      assert.deepEqual(events.map((e) => e.summary).sort(), [
        'COMPLETED (1/1)',
        'ENROLLED (1/1)',
        'NOT_COMPLETED (1/1)',
      ]);

      const token = path.slice('/calendar/'.length, -'.ics'.length);
      const stored = await CalendarFeed.findOne({ trainee: trainee._id }).lean();
      assert.equal(stored?.tokenHash, digestToken(token), 'only the hash is stored');
      assert.ok(!JSON.stringify(stored).includes(token));

      const after = html((await agent.get('/me').expect(200)).text);
      assert.match(after('.calendar-feed-state').text(), /구독 주소가 있습니다/);
      assert.equal(after('#calendar-url').length, 0, 'the address is not shown again');
      assert.deepEqual(
        (await AuditEvent.find({ actor: trainee._id, action: /^calendar_feed/ }).lean()).map((a) => a.action),
        ['calendar_feed.created'],
      );
    });

    it('is in the trainee’s language and follows schedule changes', async () => {
      const trainee = await make.trainee({ locale: 'en' });
      const course = await make.course({ title: { ko: '한국어 제목', en: 'English title' }, days: [dayFromNow(15)] });
      await make.enrollment(course, trainee, 'enrolled');
      const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
      const path = feedPath((await agent.post('/me/calendar').type('form').send({ _csrf: csrf }).expect(200)).text);
      const first = await request(ctx.app).get(path).expect(200);
      assert.equal(readIcs(first.text).name, 'Battery Talent Hub · My training schedule');
      assert.equal(readIcs(first.text).events[0]!.summary, 'English title (1/1)');

      await Course.updateOne({ _id: course._id }, { $set: { 'sessions.0.start': '13:00', 'sessions.0.end': '15:00' } });
      const moved = await request(ctx.app).get(path).set('If-None-Match', String(first.headers.etag)).expect(200);
      const [event] = readIcs(moved.text).events;
      assert.equal(event!.uid, readIcs(first.text).events[0]!.uid, 'the same event, moved');
      assert.equal(event!.start.toISOString(), `${dayFromNow(15)}T04:00:00.000Z`);
    });

    it('stops working at once when reset or turned off, and never answers for a guessed token', async () => {
      const trainee = await make.trainee();
      await make.enrollment(await make.course(), trainee, 'enrolled');
      const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
      const old = feedPath((await agent.post('/me/calendar').type('form').send({ _csrf: csrf }).expect(200)).text);
      const reset = await agent.post('/me/calendar').type('form').send({ _csrf: csrf }).expect(200);
      const fresh = feedPath(reset.text);
      assert.notEqual(fresh, old);
      await request(ctx.app).get(old).expect(404);
      await request(ctx.app).get(fresh).expect(200);

      const off = await agent.post('/me/calendar/revoke').type('form').send({ _csrf: csrf }).expect(303);
      assert.equal(off.headers.location, '/me');
      assert.match(html((await agent.get('/me').expect(200)).text)('.flash').text(), /구독 주소를 껐습니다/);
      await request(ctx.app).get(fresh).expect(404);
      assert.deepEqual(
        (
          await AuditEvent.find({ actor: trainee._id, action: /^calendar_feed/ })
            .sort({ _id: 1 })
            .lean()
        ).map((a) => a.action),
        ['calendar_feed.created', 'calendar_feed.reset', 'calendar_feed.revoked'],
      );
      await request(ctx.app).get('/calendar/short.ics').expect(404);
      await request(ctx.app)
        .get(`/calendar/${'A'.repeat(43)}.ics`)
        .expect(404);
    });

    it('reads only by indexed equality and by _id: no $in on _id, nothing without an equality', async () => {
      const trainee = await make.trainee();
      for (let i = 0; i < 3; i += 1) await make.enrollment(await make.course(), trainee, 'enrolled');
      const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
      const path = feedPath((await agent.post('/me/calendar').type('form').send({ _csrf: csrf }).expect(200)).text);
      const reads: [string, Record<string, unknown>][] = [];
      mongoose.set('debug', (collection: string, method: string, filter: unknown) => {
        if (method.startsWith('find')) reads.push([collection, (filter ?? {}) as Record<string, unknown>]);
      });
      try {
        await request(ctx.app).get(path).expect(200);
      } finally {
        mongoose.set('debug', false);
      }
      const equalities: Record<string, string[]> = {
        calendarfeeds: ['tokenHash'],
        users: ['_id'],
        enrollments: ['trainee'],
        courses: ['_id'],
        universities: ['_id'],
      };
      const feedReads = reads.filter(([collection]) => collection in equalities);
      assert.ok(feedReads.length >= 5, JSON.stringify(reads));
      for (const [collection, filter] of feedReads) {
        const key = equalities[collection]!.find((k) => k in filter);
        assert.ok(key, `${collection} read by ${JSON.stringify(filter)}`);
        const value = filter[key];
        assert.ok(
          typeof value !== 'object' || value instanceof mongoose.Types.ObjectId,
          `${collection}.${key} is an equality`,
        );
      }
    });
  });
});
