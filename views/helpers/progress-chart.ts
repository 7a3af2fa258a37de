// {{progressChart chart}}: progress against targets (server/services/city/target-progress.ts `ProgressChart`), as bar-chart.ts draws charts.
import type Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import type { ProgressChart } from '../../server/services/city/target-progress';
import { chartMarkup } from './bar-chart';
import { percent } from './percent';
import { renderContext } from './render-context';
import { targetLabelOf } from './target-label';

/**
 * One bar per target: the share reached, on a scale where the dashed line is the target (100%);
 * a bar past it is drawn to 150% at most. The value says "actual / target (share)". The page's
 * table holds the same numbers.
 */
export function progressChart(chart: ProgressChart, options: HelperOptions): Handlebars.SafeString {
  const { t } = renderContext(options);
  const title = t ? String(t(`targets.chart.${chart.measure}`)) : chart.measure;
  const barWidth = 240;
  const scale = barWidth / 1.5;
  const rows = chart.rows.map((row) => {
    const m = row.measures[chart.measure];
    const share = m.ratio ?? (m.met ? 1 : 0);
    return {
      label: targetLabelOf(row, options),
      value: `${m.actual} / ${m.target ?? '—'} (${percent(m.ratio)})`,
      width: Math.round(Math.min(1.5, Math.max(0, share)) * scale),
      barClass: m.met ? 'met' : 'short',
    };
  });
  return chartMarkup(title, rows, barWidth, { className: 'progress-chart', marker: scale });
}
