import assert from 'node:assert/strict';
import type { i18n } from 'i18next';
import { AuditEvent } from '../../../models/audit-event';
import { NotFoundError } from '../../../server/errors';
import { createI18n } from '../../../server/i18n';
import { toActor } from '../../../server/services/accounts/auth';
import {
  feedCreatedAt,
  feedUrl,
  personalFeed,
  resetFeed,
  revokeFeed,
} from '../../../server/services/trainee/calendar-feed';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

const base = 'https://talent.example';

describe('trainee/calendar-feed: a trainee’s secret calendar address', () => {
  useTestApp();
  let i18next: i18n;
  before(async () => {
    i18next = await createI18n();
  });

  it('serves the sessions of the courses the trainee holds a place in, in their language, and none they only wait for', async () => {
    const trainee = await make.trainee({ locale: 'en' });
    const held = await make.course({
      title: { ko: '보유 과정', en: 'Held course' },
      days: ['2031-02-01', '2031-02-02'],
    });
    const waiting = await make.course({ title: { ko: '대기 과정', en: 'Waiting course' } });
    await make.enrollment(held, trainee, 'enrolled');
    await make.enrollment(waiting, trainee, 'waitlisted');
    const token = await resetFeed(toActor(trainee));
    assert.equal(feedUrl(base, token), `${base}/calendar/${token}.ics`);
    const ics = await personalFeed(token, i18next, base);
    assert.equal(ics.match(/BEGIN:VEVENT/g)?.length, 2);
    assert.match(ics, /Held course/);
    assert.doesNotMatch(ics, /Waiting course|보유 과정/);
  });

  it('replaces the address on reset and turns it off on revoke, each audited; an old or unknown token is a 404', async () => {
    const trainee = await make.trainee();
    const actor = toActor(trainee);
    assert.equal(await feedCreatedAt(actor), undefined);
    const first = await resetFeed(actor);
    assert.ok((await feedCreatedAt(actor)) instanceof Date);
    const second = await resetFeed(actor);
    assert.notEqual(second, first);
    await assert.rejects(personalFeed(first, i18next, base), NotFoundError);
    await personalFeed(second, i18next, base);
    await revokeFeed(actor);
    await assert.rejects(personalFeed(second, i18next, base), NotFoundError);
    await assert.rejects(personalFeed('not a token', i18next, base), NotFoundError);
    const actions = (await AuditEvent.find({ targetId: trainee._id }).sort({ at: 1 }).lean()).map((a) => a.action);
    assert.deepEqual(actions, ['calendar_feed.created', 'calendar_feed.reset', 'calendar_feed.revoked']);
  });

  it('answers 404 for a deactivated account’s address', async () => {
    const trainee = await make.trainee();
    const token = await resetFeed(toActor(trainee));
    await trainee.updateOne({ active: false });
    await assert.rejects(personalFeed(token, i18next, base), NotFoundError);
  });
});
