// {{barChart charts.university}}: a horizontal bar chart (server/services/city/dashboard.ts `BarChart`) as HTML with SVG bars.
import Handlebars, { type HelperOptions } from 'handlebars';
import type { BarChart } from '../../server/services/city/dashboard';
import { labelledRows } from '../../server/services/city/figure-labels';
import { percent } from './percent';
import { renderContext } from './render-context';

const escape = Handlebars.Utils.escapeExpression;

/** One row of a chart: its label and value as text, its bar as `width` out of the chart's `scale`. */
export interface ChartRow {
  label: string;
  value: string;
  width: number;
  /** Classes added to the bar (`met`, `short`). */
  barClass?: string;
}

/**
 * A chart as markup: rows of an HTML label, an SVG bar stretched to the room left, and an HTML
 * value. The texts are page text, so they keep the page's font size at any width (a phone does
 * not shrink them, as it shrank the labels of a whole-SVG chart); the bar alone scales. Every text
 * is escaped here. `marker` draws a vertical line at that point of the scale (a target).
 */
export function chartMarkup(
  title: string,
  rows: readonly ChartRow[],
  scale: number,
  options: { className?: string; marker?: number } = {},
): Handlebars.SafeString {
  const height = 18;
  const marker =
    options.marker === undefined
      ? ''
      : `<line x1="${options.marker}" y1="0" x2="${options.marker}" y2="${height}" class="chart-target" vector-effect="non-scaling-stroke"></line>`;
  const body = rows
    .map(
      (row) =>
        `<span class="chart-row"><span class="chart-label">${escape(row.label)}</span>` +
        `<svg xmlns="http://www.w3.org/2000/svg" class="chart-track" viewBox="0 0 ${scale} ${height}" preserveAspectRatio="none" aria-hidden="true" focusable="false">` +
        `<rect x="0" y="0" width="${row.width}" height="${height}" rx="2" class="chart-bar${row.barClass ? ` ${row.barClass}` : ''}"></rect>${marker}</svg>` +
        `<span class="chart-value">${escape(row.value)}</span></span>`,
    )
    .join('');
  const className = options.className ? `chart ${options.className}` : 'chart';
  return new Handlebars.SafeString(`<div class="${className}" role="img" aria-label="${escape(title)}">${body}</div>`);
}

/** No script, so the CSP holds; the page shows the same numbers in a table next to it. */
export function barChart(chart: BarChart, options: HelperOptions): Handlebars.SafeString {
  const { t, lang } = renderContext(options);
  const title = t ? String(t(chart.title)) : chart.title;
  const bars = t ? labelledRows(chart.bars, chart.kind, t, lang) : chart.bars.map((b) => ({ ...b, label: b.key }));
  const barWidth = 300;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const rows = bars.map((b) => ({
    label: b.label,
    value: chart.percent ? percent(b.value) : String(b.value),
    width: Math.round((Math.max(0, b.value ?? 0) / max) * barWidth),
  }));
  return chartMarkup(title, rows, barWidth);
}
