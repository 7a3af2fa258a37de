/**
 * The time as lifetimes, lockouts and periodic jobs see it. Tests move it forward instead of
 * waiting; everything else reads `clock.now()` where it would read `Date.now()`.
 */
export const clock = { now: (): number => Date.now() };

export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;

/** The next full hour at or after `ms`: expiry times rounded to it can be swept by equality. */
export function ceilToHour(ms: number): number {
  return Math.ceil(ms / hourMs) * hourMs;
}
