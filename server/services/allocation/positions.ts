let lastPosition = 0;

/**
 * A place in queue order: the time of arrival in microseconds (Date.now() × 1000), stepped past
 * the last one this process handed out, so it never repeats or goes back here even within one
 * millisecond or when the clock is set back. Positions stay unique per course through the unique
 * (course, position) index; pages show the rank, not the raw number.
 */
export function nextPosition(): number {
  lastPosition = Math.max(Date.now() * 1000, lastPosition + 1);
  return lastPosition;
}
