/**
 * Wraps the refresh of a copy kept per record (a course's figures, its roster) so that callers
 * arriving while a refresh of the same record runs in this process share one queued refresh that
 * starts after it: the running one may have read the facts before their change, the queued one
 * reads them after. A burst of changes to one record costs two refreshes, not one each.
 *
 * A refresh may be held back until `after` settles (a crowd's answers go out first, and one
 * refresh then covers them all). It still counts as underway, and anyone who needs the copy
 * sooner (a refresh without `after`, or a reader waiting for what is underway) starts it at once.
 */
export function coalesced<T>(refresh: (key: string) => Promise<T>): {
  refresh: (key: string, after?: Promise<unknown>) => Promise<T>;
  /** The refresh of the record running or queued in this process, if any, ending with the last one; one held back starts now. */
  underway: (key: string) => Promise<T> | undefined;
} {
  interface Slot {
    running: Promise<T>;
    next?: Promise<T>;
    /** Starts a refresh held back until `after`: set while it waits. */
    release?: () => void;
  }
  const inFlight = new Map<string, Slot>();
  const start = (key: string, after?: Promise<unknown>): Promise<T> => {
    const slot: Slot = { running: Promise.resolve(undefined as T) };
    if (after) {
      const released = new Promise<void>((resolve) => (slot.release = resolve));
      const ignored = () => undefined;
      slot.running = Promise.race([after.then(ignored, ignored), released]).then(() => {
        slot.release = undefined;
        return refresh(key);
      });
    } else slot.running = refresh(key);
    slot.running = slot.running.finally(() => {
      if (inFlight.get(key) === slot) inFlight.delete(key);
    });
    inFlight.set(key, slot);
    return slot.running;
  };
  return {
    refresh: (key, after) => {
      const slot = inFlight.get(key);
      if (!slot) return start(key, after);
      // Held back and not started: it will read the facts after this call, so it serves this one too.
      if (slot.release) {
        if (!after) slot.release();
        return slot.running;
      }
      slot.next ??= slot.running.then(
        () => start(key),
        () => start(key),
      );
      return slot.next;
    },
    underway: (key) => {
      const slot = inFlight.get(key);
      slot?.release?.();
      return slot && (slot.next ?? slot.running);
    },
  };
}
