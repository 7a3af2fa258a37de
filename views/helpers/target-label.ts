// {{targetLabel row}}: what a target is for, in the page's language: "POSTECH", "POSTECH · Cell design and manufacturing".
import type { HelperOptions } from 'handlebars';
import type { TargetProgressRow } from '../../server/services/city/target-progress';
import { renderContext } from './render-context';

export function targetLabelOf(
  row: Pick<TargetProgressRow, 'university' | 'scope' | 'key' | 'skillName'>,
  options: HelperOptions,
): string {
  const { t, lang } = renderContext(options);
  const text = (key: string) => (t ? String(t(key)) : key);
  const university = text(`city.university_${row.university}`);
  if (row.scope === 'track') return `${university} · ${text(`courses.tracks.${row.key}`)}`;
  if (row.scope === 'skill')
    return `${university} · ${row.skillName ? row.skillName[lang] || row.skillName.ko : row.key}`;
  return university;
}

export function targetLabel(row: TargetProgressRow, options: HelperOptions): string {
  return targetLabelOf(row, options);
}
