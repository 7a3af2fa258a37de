import assert from 'node:assert/strict';
import type { TFunction } from 'i18next';
import { NotFoundError } from '../../../server/errors';
import { createI18n } from '../../../server/i18n';
import { recordAudit } from '../../../server/services/audit/record';
import {
  actionSentence,
  auditFilterChoices,
  browseAuditLog,
  eventsInWords,
  filterDays,
  maxAuditDays,
} from '../../../server/services/city/audit-log';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';

describe("the city's audit log", () => {
  useTestApp();
  let ko: TFunction;
  before(async () => {
    ko = (await createI18n()).getFixedT('ko');
  });

  it('walks the days of a filter newest first, a year at most when it has no start', () => {
    assert.deepEqual(filterDays('2026-02-27', '2026-03-01'), ['2026-03-01', '2026-02-28', '2026-02-27']);
    const open = filterDays(undefined, '2026-12-05');
    assert.equal(open.length, maxAuditDays);
    assert.equal(open[0], '2026-12-05');
    assert.deepEqual(
      filterDays('2026-12-10', undefined, '2026-12-05'),
      ['2026-12-10'],
      'a start after today is its own end',
    );
  });

  it('lists events newest first in words, filtered by person, university and kind of action', async () => {
    const city = await actorOf(await make.cityStaff());
    const postech = await make.staff('postech', { name: '감사대상 박' });
    const korea = await make.staff('korea');
    const [p, k] = [await actorOf(postech), await actorOf(korea)];
    const course = await make.course({ university: 'postech' });
    await recordAudit({
      actor: p,
      action: 'course.update',
      target: { type: 'Course', id: course._id },
      university: p.universityId,
      changed: { from: { capacity: 20 }, to: { capacity: 25 } },
    });
    await recordAudit({
      actor: k,
      action: 'course.publish',
      target: { type: 'Course', id: course._id },
      university: k.universityId,
    });

    const all = await browseAuditLog(city, { page: 1 }, ko, 'ko');
    assert.equal(all.total, 2);
    assert.deepEqual(
      all.events.map((e) => e.sentence),
      ['과정을 공개했습니다', '과정을 고쳤습니다'],
    );
    const byPerson = await browseAuditLog(city, { person: '감사대상', page: 1 }, ko, 'ko');
    assert.deepEqual(
      byPerson.events.map((e) => [e.actor?.name, e.details]),
      [['감사대상 박', ['정원: 20 → 25']]],
    );
    assert.equal((await browseAuditLog(city, { university: 'korea', page: 1 }, ko, 'ko')).total, 1);
    assert.equal((await browseAuditLog(city, { university: 'no-such', page: 1 }, ko, 'ko')).total, 0);
    assert.equal(
      (await browseAuditLog(city, { action: 'course.update', page: 1 }, ko, 'ko')).events[0]?.action,
      'course.update',
    );
  });

  it('is for city staff only', async () => {
    const staff = await actorOf(await make.staff('postech'));
    await assert.rejects(browseAuditLog(staff, { page: 1 }, ko, 'ko'), NotFoundError);
  });

  it('names actions in words, falling back to the code, and offers every action grouped by area', async () => {
    assert.equal(actionSentence('course.publish', ko), '과정을 공개했습니다');
    assert.equal(actionSentence('no.such_action', ko), 'no.such_action');
    const [line] = eventsInWords(
      [{ action: 'course.update', at: new Date(), before: { capacity: 1 }, after: { capacity: 2 } }],
      ko,
      'ko',
    );
    assert.deepEqual(line?.details, ['정원: 1 → 2']);
    const choices = await auditFilterChoices(ko);
    assert.ok(choices.universities.some((u) => u.value === 'postech'));
    const course = choices.actionGroups.find((g) => g.actions.some((a) => a.value === 'course.publish'));
    assert.ok(course && course.actions.every((a) => a.value.startsWith('course.')));
  });
});
