// {{percent course.completionRule.minAttendanceRate}}: a 0–1 share as a whole percentage (0.8 → 80).
export function percent(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? Math.round(n * 100) : 0;
}
