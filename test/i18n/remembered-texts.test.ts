import assert from 'node:assert/strict';
import type { i18n } from 'i18next';
import { createI18n, keysWithFormats } from '../../server/i18n';
import { clock } from '../../server/lib/clock';
import { rememberingT } from '../../server/i18n/remembered-texts';

describe('remembered texts for the views', () => {
  let i18next: i18n;
  before(async () => {
    i18next = await createI18n();
  });

  it('answers as i18next does, per language, with and without parameters', () => {
    for (const lang of ['ko', 'en']) {
      const t = i18next.getFixedT(lang);
      const remembering = rememberingT(t, lang);
      for (let round = 0; round < 2; round++) {
        assert.equal(remembering('courses.catalog.title'), t('courses.catalog.title'));
        assert.equal(remembering('courses.catalog.title', {}), t('courses.catalog.title'));
        assert.equal(remembering('courses.card.seatsLeft', { count: 3 }), t('courses.card.seatsLeft', { count: 3 }));
        assert.equal(remembering('courses.card.seatsLeft', { count: 1 }), t('courses.card.seatsLeft', { count: 1 }));
      }
    }
    assert.notEqual(
      rememberingT(i18next.getFixedT('ko'), 'ko')('courses.catalog.title'),
      i18next.t('courses.catalog.title', { lng: 'en' }),
    );
  });

  it('keeps one language from answering for the other', () => {
    const ko = rememberingT(i18next.getFixedT('ko'), 'ko');
    const en = rememberingT(i18next.getFixedT('en'), 'en');
    assert.equal(ko('common.nav.courses'), i18next.t('common.nav.courses', { lng: 'ko' }));
    assert.equal(en('common.nav.courses'), i18next.t('common.nav.courses', { lng: 'en' }));
    assert.notEqual(ko('common.nav.courses'), en('common.nav.courses'));
  });

  it('answers a missing key with the key, as i18next does', () => {
    const t = rememberingT(i18next.getFixedT('ko'), 'ko');
    assert.equal(t('no.such.key'), 'no.such.key');
    assert.equal(t('no.such.key'), 'no.such.key');
  });

  it('keeps a text with parameters per language and values, never answering for other values', () => {
    for (const lang of ['ko', 'en']) {
      const t = i18next.getFixedT(lang);
      const remembering = rememberingT(t, lang);
      for (let round = 0; round < 2; round++) {
        for (const position of [1, 2, 12]) {
          const params = { position };
          assert.equal(
            remembering('enrollment.flash.waitlistedAt', params),
            t('enrollment.flash.waitlistedAt', params),
          );
        }
        // A number and its digits as a string, and values that a naive joined key would confuse.
        assert.equal(remembering('notifications.unread', { shown: '9+' }), t('notifications.unread', { shown: '9+' }));
        assert.equal(remembering('notifications.unread', { shown: 3 }), t('notifications.unread', { shown: 3 }));
        assert.equal(
          remembering('notifications.unread', { shown: 'a","b":"c' }),
          t('notifications.unread', { shown: 'a","b":"c' }),
        );
      }
    }
    const ko = rememberingT(i18next.getFixedT('ko'), 'ko');
    const en = rememberingT(i18next.getFixedT('en'), 'en');
    assert.notEqual(
      ko('enrollment.flash.waitlistedAt', { position: 4 }),
      en('enrollment.flash.waitlistedAt', { position: 4 }),
    );
    assert.notEqual(
      en('enrollment.flash.waitlistedAt', { position: 4 }),
      en('enrollment.flash.waitlistedAt', { position: 5 }),
    );
  });

  it('looks a text up again when its parameters are not plain values', () => {
    const t = rememberingT(i18next.getFixedT('en'), 'en');
    let calls = 0;
    const en = i18next.getFixedT('en') as unknown as (key: string, options?: object) => string;
    const counting = rememberingT(
      ((key: string, options?: object) => {
        calls++;
        return en(key, options);
      }) as unknown as typeof t,
      'en',
    );
    counting('enrollment.flash.waitlistedAt', { position: 7 });
    counting('enrollment.flash.waitlistedAt', { position: 7 });
    assert.equal(calls, 1, 'plain values: looked up once');
    counting('enrollment.flash.waitlistedAt', { position: { toString: () => '7' } });
    counting('enrollment.flash.waitlistedAt', { position: { toString: () => '7' } });
    assert.equal(calls, 3, 'an object: looked up every time');
    assert.equal(t('enrollment.flash.waitlistedAt', { position: 7 }), 'You are on the waitlist, at place 7.');
  });

  it('formats a date in a text anew, so that a new year shows the year', () => {
    assert.ok(keysWithFormats().has('enrollment.errors.clash'));
    const realNow = clock.now;
    try {
      const t = rememberingT(i18next.getFixedT('en'), 'en');
      const params = { titleEn: 'Cells', date: '2026-12-01', start: '09:00', end: '12:00' };
      clock.now = () => Date.parse('2026-06-01T00:00:00Z');
      assert.doesNotMatch(t('enrollment.errors.clash', params), /2026/);
      clock.now = () => Date.parse('2027-06-01T00:00:00Z');
      assert.match(t('enrollment.errors.clash', params), /2026/);
    } finally {
      clock.now = realNow;
    }
  });
});
