/** The nearest-rank percentile `p` (0–100) of ascending numbers, rounded; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
}
