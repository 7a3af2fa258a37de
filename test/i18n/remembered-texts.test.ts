import assert from 'node:assert/strict';
import type { i18n } from 'i18next';
import { createI18n } from '../../server/i18n';
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
});
