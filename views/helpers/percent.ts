// {{percent 0.8}} → "80%", {{percent 0.8333}} → "83.3%"; null or undefined → "—".
export function percent(value: unknown): string {
  if (typeof value !== 'number' || Number.isNaN(value)) return '—';
  return `${Math.round(value * 1000) / 10}%`;
}
