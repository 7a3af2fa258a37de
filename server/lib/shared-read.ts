/**
 * One read in flight per key: callers asking while it runs share its answer, so a crowd asking
 * for the same document at once costs one round trip. A caller may get what was read just before
 * it asked, so use it only where a later step decides with fresh data (the allocator re-reads the
 * course it decides for).
 */
export function sharedReads<T>(read: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key) => {
    let pending = inFlight.get(key);
    if (!pending) {
      pending = read(key).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}
