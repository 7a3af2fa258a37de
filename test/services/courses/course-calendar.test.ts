import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import type { i18n } from 'i18next';
import { HttpError } from '../../../server/errors';
import { createI18n } from '../../../server/i18n';
import { buildCalendar, publicCourseCalendar } from '../../../server/services/courses/course-calendar';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('courses/course-calendar: a course’s sessions as an iCalendar file', () => {
  useTestApp();
  let i18n: i18n;
  before(async () => {
    i18n = await createI18n();
  });

  it('has one event per session in Seoul time, named in the reader’s language, with the course’s link', async () => {
    const course = await make.course({
      code: 'CAL-1',
      title: { ko: '셀 공정, 기초', en: 'Cell processing, basics' },
      days: ['2031-05-02', '2031-05-01'],
      hours: { start: '19:00', end: '21:00' },
    });
    const reader = { lang: 'en' as const, t: i18n.getFixedT('en'), baseUrl: 'https://talent.example' };
    const { body, filename } = await publicCourseCalendar(String(course._id), reader);
    assert.equal(filename, 'CAL-1.ics');
    assert.ok(body.endsWith('END:VCALENDAR\r\n'));
    const events = new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    assert.equal(events.length, 2);
    const first = events.find((e) => e.startDate.toJSDate().toISOString() === '2031-05-01T10:00:00.000Z');
    assert.ok(first, events.map((e) => e.startDate.toString()).join());
    assert.equal(first.endDate.toJSDate().toISOString(), '2031-05-01T12:00:00.000Z');
    assert.match(first.summary, /Cell processing, basics/);
    assert.match(first.description, new RegExp(`CAL-1 · https://talent.example/courses/${String(course._id)}`));
    const sorted = [...course.sessions].sort((a, b) => a.date.localeCompare(b.date));
    assert.equal(first.uid, `${String(sorted[0]!._id)}@talent.example`);
    // The same course gives the same bytes (calendar apps get a 304).
    assert.equal((await publicCourseCalendar(String(course._id), reader)).body, body);
  });

  it('refuses a draft course’s calendar as not found', async () => {
    const draft = await make.course({ status: 'draft' });
    await assert.rejects(
      publicCourseCalendar(String(draft._id), {
        lang: 'ko',
        t: i18n.getFixedT('ko'),
        baseUrl: 'https://talent.example',
      }),
      (e: unknown) => e instanceof HttpError && e.status === 404,
    );
    const empty = buildCalendar({
      name: 'x',
      courses: [],
      lang: 'ko',
      t: i18n.getFixedT('ko'),
      baseUrl: 'https://a.example',
    });
    assert.doesNotMatch(empty, /VEVENT/);
  });
});
