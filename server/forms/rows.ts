/**
 * Rows of a repeated group of inputs as posted (`rows[i][field]`): the body parser gives an array,
 * or an object keyed by index once there are more than 20 rows; both arrive here as a list in
 * index order. Each row has every field: texts trimmed, missing ones empty, anything else (a
 * repeated field) kept for the schema to refuse.
 */
export function postedRows<F extends string>(raw: unknown, fields: readonly F[]): Record<F, unknown>[] {
  const list = Array.isArray(raw)
    ? raw
    : typeof raw === 'object' && raw !== null
      ? Object.entries(raw)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, v]) => v)
      : [];
  return list.map((row) => {
    const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
    return Object.fromEntries(fields.map((k) => [k, typeof r[k] === 'string' ? r[k].trim() : (r[k] ?? '')])) as Record<
      F,
      unknown
    >;
  });
}
