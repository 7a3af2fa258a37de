import assert from 'node:assert/strict';
import { createI18n } from '../../../server/i18n';
import { rosterCsv } from '../../../server/services/courses/roster-csv';
import type { RosterRow } from '../../../server/services/courses/roster';

describe('courses/roster-csv: the roster as a CSV file', () => {
  it('writes a header and one row per trainee in the reader’s language, times in Seoul, quoting what needs it', async () => {
    const i18n = await createI18n();
    const rows: RosterRow[] = [
      {
        enrollmentId: 'a',
        name: '김, 철수',
        email: 'kim@example.kr',
        category: 'student',
        affiliation: '포항공대',
        status: 'waitlisted',
        appliedAt: new Date('2026-06-01T15:30:00Z'),
        waitlistRank: 2,
      },
      {
        enrollmentId: 'b',
        name: 'Lee',
        email: 'lee@example.kr',
        category: '',
        affiliation: '',
        status: 'enrolled',
        appliedAt: new Date('2026-06-01T00:00:00Z'),
      },
    ];
    const ko = rosterCsv(rows, i18n.getFixedT('ko'));
    const lines = ko
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.equal(lines.length, 3);
    assert.equal(
      lines[0],
      ['name', 'email', 'category', 'affiliation', 'status', 'appliedAt', 'waitlistRank']
        .map((k) => i18n.t(`manage.roster.columns.${k}`, { lng: 'ko' }))
        .join(','),
    );
    assert.match(lines[1]!, /^"김, 철수",kim@example\.kr,/);
    assert.ok(lines[1]!.includes(i18n.t('enrollment.categories.student', { lng: 'ko' })));
    assert.ok(lines[1]!.includes(i18n.t('enrollment.status.waitlisted', { lng: 'ko' })));
    assert.match(lines[1]!, /2026-06-02 00:30(:00)?,2$/);
    assert.match(lines[2]!, /^Lee,lee@example\.kr,,,/);
    const en = rosterCsv(rows, i18n.getFixedT('en'));
    assert.ok(en.includes(i18n.t('enrollment.status.enrolled', { lng: 'en' })));
    assert.notEqual(en, ko);
  });
});
