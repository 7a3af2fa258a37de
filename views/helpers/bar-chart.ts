// {{barChart charts.university}}: a horizontal bar chart (server/services/city/dashboard.ts `BarChart`) as inline SVG.
import Handlebars, { type HelperOptions } from 'handlebars';
import type { BarChart } from '../../server/services/city/dashboard';
import { labelledRows } from '../../server/services/city/figure-labels';
import { hasHangul } from '../../server/lib/hangul';
import { percent } from './percent';
import { renderContext } from './render-context';

/** Rough width of a 12px label: Hangul is about twice as wide as Latin letters and digits. */
export function labelWidthOf(label: string): number {
  return [...label].reduce((w, c) => w + (hasHangul(c) ? 12.5 : 7), 0);
}

const escape = Handlebars.Utils.escapeExpression;

/**
 * The chart is output as markup, so every text in it (title, labels, values) is escaped here.
 * No script, so the CSP holds; the page shows the same numbers in a table next to it.
 */
export function barChart(chart: BarChart, options: HelperOptions): Handlebars.SafeString {
  const { t, lang } = renderContext(options);
  const title = t ? String(t(chart.title)) : chart.title;
  const bars = t ? labelledRows(chart.bars, chart.kind, t, lang) : chart.bars.map((b) => ({ ...b, label: b.key }));
  const rowHeight = 28;
  // The label column fits the longest label (English university names are long), within bounds.
  const labelWidth = Math.round(Math.min(260, Math.max(80, ...bars.map((b) => labelWidthOf(b.label) + 12))));
  const barWidth = 300;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const rows = bars
    .map((b, i) => {
      const y = i * rowHeight + 4;
      const w = Math.round((Math.max(0, b.value ?? 0) / max) * barWidth);
      const shown = chart.percent ? percent(b.value) : String(b.value);
      return (
        `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end" class="chart-label">${escape(b.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 10}" rx="3" class="chart-bar"></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 18}" class="chart-value">${escape(shown)}</text>`
      );
    })
    .join('');
  return new Handlebars.SafeString(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${escape(title)}" viewBox="0 0 ${labelWidth + barWidth + 70} ${height}" width="100%"><title>${escape(title)}</title>${rows}</svg>`,
  );
}
