import assert from 'node:assert/strict';
import { User } from '../../../models/user';
import { findActor } from '../../../server/services/accounts/auth';
import { recordAudit } from '../../../server/services/audit/record';
import { createSkill, updateSkill } from '../../../server/services/courses/skills';
import { loginAgent, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';
import { html, texts } from '../../support/html';

/** Reads like the start of an ISO date-time, and is not one: the old log tried to format it and threw. */
const hostile = '2026-13-45T99:99 x';
/** Reads like a date-time and is one: still a text someone typed, shown as typed. */
const plausible = '2026-01-02T10:00 개강 특강';

describe('audit log: texts people typed are shown as typed, whatever they look like', () => {
  const ctx = useTestApp();
  let city: SignedIn;

  before(async () => {
    city = await loginAgent(ctx.app, (await make.cityStaff()).email);
  });

  async function auditPage(query: Record<string, string>) {
    const res = await city.agent.get('/city/audit').query(query);
    assert.equal(res.status, 200, `/city/audit ${JSON.stringify(query)} answered ${res.status}`);
    return res;
  }

  it('keeps the log readable after a trainee renames themself to a broken date-time', async () => {
    const trainee = await make.trainee({ name: '날짜이름', email: 'date.name@example.kr' });
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    await agent
      .post('/me/profile')
      .type('form')
      .send({ _csrf: csrf, name: hostile, locale: 'ko', category: 'student', affiliation: plausible })
      .expect(303);
    assert.equal((await User.findById(trainee._id).lean())?.name, hostile);

    const queries: Record<string, string>[] = [
      {},
      { person: hostile },
      { person: 'date.name' },
      { action: 'user.profile_update' },
    ];
    for (const query of queries) {
      for (const lang of ['ko', 'en']) {
        const $ = html((await auditPage({ ...query, lang })).text);
        const row = $('.audit-log tbody tr')
          .filter((_i, el) => $(el).find('.audit-change').text().includes(hostile))
          .first();
        assert.equal(row.length, 1, `the rename is listed (${JSON.stringify(query)}, ${lang})`);
        assert.equal(row.find('.audit-actor-name').text(), hostile);
        const changes = row
          .find('.audit-change')
          .map((_i, el) => $(el).text())
          .get();
        assert.ok(
          changes.some((c) => c.endsWith(`→ ${hostile}`)),
          JSON.stringify(changes),
        );
        assert.ok(
          changes.some((c) => c.endsWith(`→ ${plausible}`)),
          JSON.stringify(changes),
        );
      }
    }
  });

  it('shows every audited free text as typed: course titles, skill names, reasons, notes, subjects, staff names', async () => {
    const staff = await make.staff('postech', { name: '담당자' });
    const staffActor = (await findActor(String(staff._id)))!;
    const cityActor = (await findActor(String((await make.cityStaff())._id)))!;
    const course = await make.course({ university: 'postech' });
    const target = (type: string, id: unknown) => ({ type, id: String(id) });

    // Skills through their service, the others in the shapes their services record.
    const source = { kind: 'ncs' as const, reference: hostile, verified: false };
    const skill = await createSkill(cityActor, {
      code: 'NCS-DATE-NAME',
      name: { ko: hostile, en: plausible },
      description: { ko: hostile, en: '' },
      source,
      order: 1,
    });
    await updateSkill(cityActor, String(skill._id), {
      name: { ko: plausible, en: hostile },
      description: { ko: plausible, en: hostile },
      source: { ...source, reference: plausible },
      order: 1,
    });
    const opens = new Date('2027-03-02T00:00:00Z');
    await recordAudit({
      actor: staffActor,
      action: 'course.update',
      target: target('Course', course._id),
      university: course.university,
      changed: {
        from: {
          title: { ko: '원래 제목', en: 'Old title' },
          location: '포항',
          enrolmentOpensAt: new Date('2027-03-01T00:00:00Z'),
        },
        to: { title: { ko: hostile, en: plausible }, location: hostile, enrolmentOpensAt: opens },
      },
    });
    const enrollment = await make.enrollment(course, await make.trainee());
    const shapes: Parameters<typeof recordAudit>[0][] = [
      { action: 'enrollment.reject', target: target('Enrollment', enrollment._id), meta: { reason: hostile } },
      {
        action: 'enrollment.completion_override',
        target: target('Enrollment', enrollment._id),
        before: { status: 'enrolled' },
        after: { status: 'completed' },
        meta: { ruleOutcome: 'not_completed', attendanceRate: 0.5, score: 70, reason: hostile },
      },
      {
        action: 'certificate.revoke',
        before: { revoked: false, enrollment: 'completed' },
        after: { revoked: true, enrollment: 'not_completed' },
        meta: { reason: hostile, enrollmentId: String(enrollment._id) },
      },
      {
        action: 'report.return',
        before: { status: 'submitted' },
        after: { status: 'returned' },
        meta: { note: hostile },
      },
      { action: 'course.message', target: target('Course', course._id), meta: { subject: hostile, recipients: 3 } },
      {
        action: 'user.staff_create',
        target: target('User', staff._id),
        after: { email: 'new.staff@example.kr', name: hostile, role: 'university_staff' },
      },
    ];
    for (const shape of shapes) await recordAudit({ actor: staffActor, ...shape });

    for (const lang of ['ko', 'en']) {
      const page = await auditPage({ lang });
      const changes = texts(page.text, '.audit-change');
      const withHostile = changes.filter((c) => c.includes(hostile));
      // Skill name ko/en and description (create, update), course title and location, five reasons and notes, a staff name.
      assert.ok(withHostile.length >= 12, `${withHostile.length}: ${JSON.stringify(withHostile)}`);
      assert.ok(
        changes.some((c) => c.includes(plausible)),
        'a text that is a valid date-time is shown as typed too',
      );
      // A field the schema says is a date is still shown as one.
      const opening = changes.find((c) => /신청 시작|Applications open/.test(c));
      assert.ok(opening, JSON.stringify(changes));
      assert.doesNotMatch(opening, /2027-03-02T/, 'a stored date is formatted');
      assert.match(opening, /2027/);
    }
    // The filter by person reaches the staff member's events too.
    await auditPage({ person: '담당자' });
  });
});
