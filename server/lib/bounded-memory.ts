/**
 * Values held in process, at most `capacity` of them (the least recently used goes first), each
 * until its own time: a value past it is never returned, and is dropped when next looked up.
 * With `weight`, the capacity bounds the sum of the values' weights instead (their sizes); the
 * newest value is kept even when it alone weighs more.
 */
export class BoundedMemory<K, V> {
  private readonly entries = new Map<K, { value: V; until: number; weight: number }>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly weight: (value: V) => number = () => 1,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The sum of the held values' weights (their count without `weight`). */
  get weighs(): number {
    return this.total;
  }

  get(key: K, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // A Map iterates in insertion order: taking the entry out and putting it back makes it the newest.
    this.entries.delete(key);
    if (now >= entry.until) {
      this.total -= entry.weight;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, until: number): void {
    this.delete(key);
    const weight = this.weight(value);
    this.entries.set(key, { value, until, weight });
    this.total += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.capacity || this.entries.size <= 1) break;
      this.entries.delete(oldest);
      this.total -= entry.weight;
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.weight;
  }

  /** Drops every value `matches` picks. */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
