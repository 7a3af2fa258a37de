// {{progressChart chart}}: progress against targets (server/services/city/target-progress.ts `ProgressChart`) as inline SVG.
import Handlebars, { type HelperOptions } from 'handlebars';
import type { ProgressChart } from '../../server/services/city/target-progress';
import { labelWidthOf } from './bar-chart';
import { percent } from './percent';
import { renderContext } from './render-context';
import { targetLabelOf } from './target-label';

const escape = Handlebars.Utils.escapeExpression;

/**
 * One bar per target: the share reached, on a scale where the dashed line is the target (100%);
 * a bar past it is drawn to 150% at most. The value says "actual / target (share)". Every text is
 * escaped here; the page's table holds the same numbers.
 */
export function progressChart(chart: ProgressChart, options: HelperOptions): Handlebars.SafeString {
  const { t } = renderContext(options);
  const title = t ? String(t(`targets.chart.${chart.measure}`)) : chart.measure;
  const rowHeight = 28;
  const barWidth = 240;
  const scale = barWidth / 1.5;
  const rows = chart.rows.map((row) => ({ label: targetLabelOf(row, options), m: row.measures[chart.measure] }));
  const labelWidth = Math.round(Math.min(300, Math.max(80, ...rows.map((r) => labelWidthOf(r.label) + 12))));
  const height = Math.max(1, chart.rows.length) * rowHeight + 8;
  const bars = rows
    .map(({ label, m }, i) => {
      const y = i * rowHeight + 4;
      const share = m.ratio ?? (m.met ? 1 : 0);
      const w = Math.round(Math.min(1.5, Math.max(0, share)) * scale);
      const shown = `${m.actual} / ${m.target ?? '—'} (${percent(m.ratio)})`;
      return (
        `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end" class="chart-label">${escape(label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 10}" rx="3" class="chart-bar${m.met ? ' met' : ' short'}"></rect>` +
        `<text x="${labelWidth + Math.max(w, scale) + 6}" y="${y + 18}" class="chart-value">${escape(shown)}</text>`
      );
    })
    .join('');
  const target = `<line x1="${labelWidth + scale}" y1="0" x2="${labelWidth + scale}" y2="${height}" class="chart-target"></line>`;
  return new Handlebars.SafeString(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart progress-chart" role="img" aria-label="${escape(title)}" viewBox="0 0 ${labelWidth + barWidth + 150} ${height}" width="100%"><title>${escape(title)}</title>${bars}${target}</svg>`,
  );
}
