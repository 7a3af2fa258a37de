import type { TFunction } from 'i18next';
import { toCsv } from '../csv';
import type { RosterRow } from './roster';

function seoul(date: Date): string {
  return new Date(date.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The roster as a CSV file in the reader's language; times in Asia/Seoul. */
export function rosterCsv(rows: RosterRow[], t: TFunction): string {
  const header = ['name', 'email', 'category', 'affiliation', 'status', 'appliedAt', 'waitlistRank'].map((k) => t(`manage.roster.columns.${k}`));
  return toCsv([
    header,
    ...rows.map((r) => [r.name, r.email, r.category ? t(`enrollment.categories.${r.category}`) : '', r.affiliation, t(`enrollment.status.${r.status}`), seoul(r.appliedAt), r.waitlistRank ?? '']),
  ]);
}
