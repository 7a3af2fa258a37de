import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { shownDate } from '../../support/dates';
import { formBody, formFields, html, texts } from '../../support/html';

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 24 * 3600 * 1000).toISOString().slice(0, 10);

describe('audit of course edits', () => {
  const ctx = useTestApp();

  it('records each changed field and each session moved, added or removed, and shows them in the audit log', async () => {
    const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    // The form edits times to the minute: a window set to the minute leaves nothing else to change.
    const minute = (daysFromNow: number) =>
      new Date(Math.floor((Date.now() + daysFromNow * 24 * 3600 * 1000) / 60_000) * 60_000);
    const course = await make.course({
      days: [dayFromNow(30), dayFromNow(31), dayFromNow(32), dayFromNow(33)],
      capacity: 20,
      opensAt: minute(-1),
      closesAt: minute(20),
    });
    const path = `/manage/courses/${String(course._id)}/edit`;
    const $ = html((await staff.agent.get(path).expect(200)).text);
    const fields = formFields($, 'form[action$="/edit"]');
    const rows = [0, 1, 2, 3].map((i) => ({
      id: String($(`input[name="sessions[${i}][id]"]`).val()),
      date: String($(`input[name="sessions[${i}][date]"]`).val()),
    }));

    // Every session a week later, the title in English and the capacity changed: nothing else.
    const changes = Object.fromEntries(rows.map((r, i) => [`sessions[${i}][date]`, shift(r.date, 7)]));
    await staff.agent
      .post(path)
      .type('form')
      .send(formBody(fields, { ...changes, titleEn: 'Cathode basics, revised', capacity: '25' }))
      .expect(303);
    const moved = await AuditEvent.findOne({ action: 'course.update', targetId: course._id }).lean();
    assert.ok(moved);
    const topic = (i: number) => `세션 ${i + 1}`;
    const session = (date: string, i: number) => ({ date, end: '12:00', start: '09:00', topic: topic(i) });
    assert.deepEqual(moved.before, {
      capacity: 20,
      title: { en: course.title.en },
      sessions: Object.fromEntries(rows.map((r, i) => [r.id, session(r.date, i)])),
    });
    assert.deepEqual(moved.after, {
      capacity: 25,
      title: { en: 'Cathode basics, revised' },
      sessions: Object.fromEntries(rows.map((r, i) => [r.id, session(shift(r.date, 7), i)])),
    });

    // Dropping the last session and adding an afternoon one in its row.
    const edited = formFields(html((await staff.agent.get(path).expect(200)).text), 'form[action$="/edit"]');
    await staff.agent
      .post(path)
      .type('form')
      .send(
        formBody(edited, {
          'sessions[3][id]': '',
          'sessions[3][date]': dayFromNow(50),
          'sessions[3][start]': '14:00',
          'sessions[3][end]': '17:00',
          'sessions[3][topic]': '실습',
        }),
      )
      .expect(303);
    const [latest] = await AuditEvent.find({ action: 'course.update', targetId: course._id })
      .sort({ at: -1, _id: -1 })
      .limit(1)
      .lean();
    const [beforeSessions, afterSessions] = [latest?.before, latest?.after].map(
      (side) => (side as { sessions: Record<string, unknown> }).sessions,
    );
    const addedId = Object.keys(afterSessions!).find((id) => id !== rows[3]!.id)!;
    assert.deepEqual(
      beforeSessions,
      { [rows[3]!.id]: session(shift(rows[3]!.date, 7), 3), [addedId]: null },
      'the removed one as it was; the added one did not exist',
    );
    assert.deepEqual(afterSessions, {
      [rows[3]!.id]: null,
      [addedId]: { date: dayFromNow(50), end: '17:00', start: '14:00', topic: '실습' },
    });

    const city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    const log = await city.agent.get('/city/audit').query({ action: 'course.update', lang: 'en' }).expect(200);
    const [second, first] = [0, 1].map((i) => texts(log.text, `.audit-log tbody tr:nth-child(${i + 1}) .audit-change`));
    const shown = (date: string, i: number, start = '09:00', end = '12:00', topic = `세션 ${i + 1}`) =>
      `${shownDate(date, 'en')} ${start}–${end} ${topic}`;
    assert.deepEqual(
      [...first!].sort(),
      [
        'Capacity: 20 → 25',
        `Title (English): ${course.title.en} → Cathode basics, revised`,
        ...rows.map((r, i) => `Session moved: ${shown(r.date, i)} → ${shown(shift(r.date, 7), i)}`),
      ].sort(),
    );
    assert.deepEqual(
      [...second!].sort(),
      [
        `Session added: ${shown(dayFromNow(50), 3, '14:00', '17:00', '실습')}`,
        `Session removed: ${shown(shift(rows[3]!.date, 7), 3)}`,
      ].sort(),
    );
    const ko = await city.agent.get('/city/audit').query({ action: 'course.update', lang: 'ko' }).expect(200);
    assert.ok(
      texts(ko.text, '.audit-log tbody tr:nth-child(2) .audit-change').includes('정원: 20 → 25'),
      'field names in Korean on a Korean page',
    );
  });

  it('records only what a profile edit changed', async () => {
    const trainee = await make.trainee({ name: '김변경', category: 'student' });
    const { agent } = await loginAgent(ctx.app, trainee.email);
    const fields = formFields(html((await agent.get('/me/profile').expect(200)).text), 'form[action="/me/profile"]');
    await agent
      .post('/me/profile')
      .type('form')
      .send(formBody(fields, { affiliation: '포스코' }))
      .expect(303);
    const event = await AuditEvent.findOne({ action: 'user.profile_update', targetId: trainee._id }).lean();
    assert.deepEqual(
      [event?.before, event?.after],
      [{ trainee: { affiliation: '포항' } }, { trainee: { affiliation: '포스코' } }],
    );
  });
});
