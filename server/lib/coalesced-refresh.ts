/**
 * Wraps the refresh of a copy kept per record (a course's figures, its roster) so that callers
 * arriving while a refresh of the same record runs in this process share one queued refresh that
 * starts after it: the running one may have read the facts before their change, the queued one
 * reads them after. A burst of changes to one record costs two refreshes, not one each.
 */
export function coalesced<T>(refresh: (key: string) => Promise<T>): {
  refresh: (key: string) => Promise<T>;
  /** The refresh of the record running or queued in this process, if any, ending with the last one. */
  underway: (key: string) => Promise<T> | undefined;
} {
  const inFlight = new Map<string, { running: Promise<T>; next?: Promise<T> }>();
  const start = (key: string): Promise<T> => {
    const slot: { running: Promise<T>; next?: Promise<T> } = { running: refresh(key) };
    slot.running = slot.running.finally(() => {
      if (inFlight.get(key) === slot) inFlight.delete(key);
    });
    inFlight.set(key, slot);
    return slot.running;
  };
  return {
    refresh: (key) => {
      const slot = inFlight.get(key);
      if (!slot) return start(key);
      slot.next ??= slot.running.then(
        () => start(key),
        () => start(key),
      );
      return slot.next;
    },
    underway: (key) => {
      const slot = inFlight.get(key);
      return slot && (slot.next ?? slot.running);
    },
  };
}
