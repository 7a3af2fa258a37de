/**
 * Rows of a staff page (a roster of 60, an attendance grid of 60 × 12 cells) rendered once and
 * reused (the city dashboard keeps its body the same way, under its language, with its content as
 * the variant): rendering them was most of such a page's time (translations with parameters, dates and
 * 720 cells, and the garbage they leave), while they change only when their sources do — a course's
 * packed roster, its course document, the moment's day and sessions — or when the page is asked in
 * another language or view. So each value is kept under its course, beside the sources it was
 * drawn from, compared by identity (the packed roster's parsed entries and the held course are
 * shared, frozen objects that are replaced, never changed, when their facts change); any other
 * source in a course's slot throws its values away. A variant names everything else the rows
 * depend on (the language, the view, the moment's key).
 *
 * A value may also go stale with the clock alone (a trainee's page once a session has ended): `fresh`
 * tells whether a value rendered earlier still holds, and one that does not is rendered again.
 *
 * Bounded twice: a few variants per course, and a total size over all courses (the least recently
 * used course goes first). Concurrent requests for a value not yet rendered share one rendering; a
 * rendering that fails is forgotten. Per-request parts inside the rows (a form's CSRF token) are
 * left as marks and filled in on each use (`Spliced`).
 */
export class RenderedRows<V> {
  private readonly slots = new Map<string, Slot<V>>();
  private total = 0;

  constructor(
    private readonly limits: {
      /** Variants kept per course; the least recently used goes first. */
      variants: number;
      /** Sum of the values' sizes over all courses. */
      size: number;
    },
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** The value for the course's rows drawn from `sources` in `variant`, rendered by `render` when it is not held or no longer `fresh`. */
  get(
    course: string,
    sources: readonly unknown[],
    variant: string,
    render: () => Promise<V>,
    fresh?: (value: V) => boolean,
  ): Promise<V> {
    let slot = this.slots.get(course);
    if (slot && !sameSources(slot.sources, sources)) {
      this.drop(course, slot);
      slot = undefined;
    }
    if (!slot) slot = { sources: [...sources], values: new Map() };
    // A Map iterates in insertion order: taking an entry out and putting it back makes it the newest.
    this.slots.delete(course);
    this.slots.set(course, slot);
    let held = slot.values.get(variant);
    if (held?.settled && fresh && !fresh(held.settled.value)) {
      slot.values.delete(variant);
      this.total -= held.size;
      held = undefined;
    }
    if (held) {
      slot.values.delete(variant);
      slot.values.set(variant, held);
      return held.value;
    }
    const entry: Held<V> = { value: render(), size: 0 };
    slot.values.set(variant, entry);
    const owner = slot;
    entry.value.then(
      (value) => {
        if (owner.values.get(variant) !== entry || this.slots.get(course) !== owner) return;
        entry.settled = { value };
        entry.size = this.sizeOf(value);
        this.total += entry.size;
        this.trim();
      },
      () => {
        if (owner.values.get(variant) === entry) owner.values.delete(variant);
      },
    );
    if (slot.values.size > this.limits.variants) {
      const [oldest, value] = slot.values.entries().next().value as [string, Held<V>];
      slot.values.delete(oldest);
      this.total -= value.size;
    }
    return entry.value;
  }

  /** How many values are held, and their total size (for tests). */
  get held(): { values: number; size: number } {
    let values = 0;
    for (const slot of this.slots.values()) values += slot.values.size;
    return { values, size: this.total };
  }

  private drop(course: string, slot: Slot<V>): void {
    for (const value of slot.values.values()) this.total -= value.size;
    slot.values.clear();
    this.slots.delete(course);
  }

  /** Drops the least recently used courses until the total fits, keeping at least the newest. */
  private trim(): void {
    for (const [course, slot] of this.slots) {
      if (this.total <= this.limits.size || this.slots.size <= 1) return;
      this.drop(course, slot);
    }
  }
}

interface Held<V> {
  value: Promise<V>;
  /** The value once rendered (counted in the total from then on). */
  settled?: { value: V };
  size: number;
}

interface Slot<V> {
  sources: readonly unknown[];
  values: Map<string, Held<V>>;
}

const sameSources = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((source, i) => source === b[i]);

/**
 * Rendered markup with per-request parts left as marks: `Spliced.marks` gives a random mark per
 * name (no user's text can contain one), the markup is rendered once with the marks in place of
 * the values, and `fill` puts each request's values (escaped as the template would have) in.
 */
export class Spliced {
  private constructor(
    private readonly parts: readonly string[],
    private readonly names: ReadonlyMap<string, string>,
  ) {}

  /** One mark per name, unique to this process. */
  static marks<N extends string>(names: readonly N[]): Record<N, string> {
    const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
    return Object.fromEntries(names.map((name) => [name, `\u0001${name}-${nonce}\u0001`])) as Record<N, string>;
  }

  /** The markup split around the given marks. */
  static of(markup: string, marks: Readonly<Record<string, string>>): Spliced {
    const names = new Map(Object.entries(marks).map(([name, mark]) => [mark, name]));
    if (names.size === 0) return new Spliced([markup], names);
    const pattern = new RegExp(`(${[...names.keys()].join('|')})`);
    return new Spliced(markup.split(pattern), names);
  }

  /** Characters held (the cache's size). */
  get size(): number {
    let size = 0;
    for (const part of this.parts) size += part.length;
    return size;
  }

  /** The markup with each mark replaced by its value (already escaped for where the mark stands). */
  fill(values: Readonly<Record<string, string>>): string {
    let markup = '';
    for (const part of this.parts) {
      const name = this.names.get(part);
      markup += name === undefined ? part : (values[name] ?? '');
    }
    return markup;
  }
}
