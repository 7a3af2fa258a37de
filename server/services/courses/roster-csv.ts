import type { TFunction } from 'i18next';
import { seoulDateTime } from '../../lib/calendar';
import { toCsv } from '../../lib/csv';
import type { RosterRow } from './roster';

/** The roster as a CSV file in the reader's language; times in Asia/Seoul. */
export function rosterCsv(rows: RosterRow[], t: TFunction): string {
  const header = ['name', 'email', 'category', 'affiliation', 'status', 'appliedAt', 'waitlistRank'].map((k) =>
    t(`manage.roster.columns.${k}`),
  );
  return toCsv([
    header,
    ...rows.map((r) => [
      r.name,
      r.email,
      r.category ? t(`enrollment.categories.${r.category}`) : '',
      r.affiliation,
      t(`enrollment.status.${r.status}`),
      seoulDateTime(r.appliedAt).replace('T', ' '),
      r.waitlistRank ?? '',
    ]),
  ]);
}
