/** The changed fields of a record before and after an update, `null` where a field did not exist. */
export interface FieldChanges {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON-like values to compare and store: dates as ISO text, ids (anything with a toHexString) as text, keys sorted. */
function plain(value: unknown): Plain {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (isRecord(value)) {
    if (typeof value.toHexString === 'function') return String(value.toHexString());
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => value[k] !== undefined)
        .map((k) => [k, plain(value[k])]),
    );
  }
  return value as boolean | number | string;
}

const same = (a: Plain, b: Plain) => JSON.stringify(a) === JSON.stringify(b);

/** A list of subdocuments with ids (a course's sessions) by id, so an edit is told from a removal plus an addition; undefined for anything else. */
function subdocuments(value: Plain): Map<string, Plain> | undefined {
  if (value === null) return new Map();
  if (!Array.isArray(value) || !value.every((item) => isRecord(item) && typeof item._id === 'string')) return undefined;
  return new Map(
    value.map((item) => {
      const { _id, ...rest } = item as Record<string, Plain>;
      return [String(_id), rest];
    }),
  );
}

type Change = [before: Plain, after: Plain];

function change(a: Plain, b: Plain): Change | undefined {
  if (same(a, b)) return undefined;
  if (isRecord(a) && isRecord(b))
    return changes(Object.keys(a), Object.keys(b), (k) => change(a[k] ?? null, b[k] ?? null));
  const [itemsA, itemsB] = [subdocuments(a), subdocuments(b)];
  if (!itemsA || !itemsB) return [a, b];
  // Items are recorded whole, so an entry shows the session as it was and as it is.
  return changes(itemsA.keys(), itemsB.keys(), (id) => {
    const [x, y] = [itemsA.get(id) ?? null, itemsB.get(id) ?? null];
    return same(x, y) ? undefined : [x, y];
  });
}

/** The keys that changed, as two objects of the same shape; undefined when none did. */
function changes(
  keysA: Iterable<string>,
  keysB: Iterable<string>,
  changeOf: (key: string) => Change | undefined,
): Change | undefined {
  const before: Record<string, Plain> = {};
  const after: Record<string, Plain> = {};
  for (const key of new Set([...keysA, ...keysB])) {
    const found = changeOf(key);
    if (found) [before[key], after[key]] = found;
  }
  return Object.keys(before).length ? [before, after] : undefined;
}

/**
 * What changed between two versions of a record, for the audit log (DESIGN.md rule 7): two
 * objects shaped like the record that hold only what changed. Nested objects are followed
 * (`{title: {en: 'Old'}}`); a list of subdocuments with ids (a course's sessions) becomes an
 * object by id holding each added, removed or changed item whole, `null` on the side where it
 * does not exist (`{sessions: {<id>: {date, start, end, topic}}}`); other lists compare as wholes.
 * Field names never contain dots, which the database refuses in keys. Undefined when nothing changed.
 */
export function fieldDiff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges | undefined {
  const found = change(plain(before), plain(after));
  return found && isRecord(found[0]) && isRecord(found[1]) ? { before: found[0], after: found[1] } : undefined;
}
