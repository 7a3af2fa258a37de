import { hasHangul } from '../lib/hangul';

/**
 * A horizontal bar chart as inline SVG markup, generated here and only here so that
 * views may output it raw (`{{{chart}}}`): every label is escaped. No script, so the CSP holds.
 * The page shows the same numbers in a table next to it.
 */
export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar; defaults to the value. */
  display?: string;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Rough width of a 12px label: Hangul is about twice as wide as Latin letters and digits. */
export function labelWidthOf(label: string): number {
  return [...label].reduce((w, c) => w + (hasHangul(c) ? 12.5 : 7), 0);
}

export function barChartSvg(title: string, bars: readonly Bar[]): string {
  const rowHeight = 28;
  // The label column fits the longest label (English university names are long), within bounds.
  const labelWidth = Math.round(Math.min(260, Math.max(80, ...bars.map((b) => labelWidthOf(b.label) + 12))));
  const barWidth = 300;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars
    .map((b, i) => {
      const y = i * rowHeight + 4;
      const w = Math.round((Math.max(0, b.value) / max) * barWidth);
      return (
        `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end" class="chart-label">${escapeXml(b.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 10}" rx="3" class="chart-bar"></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 18}" class="chart-value">${escapeXml(b.display ?? String(b.value))}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${escapeXml(title)}" viewBox="0 0 ${labelWidth + barWidth + 70} ${height}" width="100%"><title>${escapeXml(title)}</title>${rows}</svg>`;
}
