/**
 * THE minimum-cell rule of the city's published counts about people (the outcome follow-up
 * figures): no published cell counts fewer than `minimumCell` people, and no suppressed cell can
 * be worked out from the cells and totals that are published.
 *
 * 1. Primary: a count from 1 to minimumCell − 1 is suppressed. Zero is published: it names nobody.
 * 2. Secondary: cells are tied by groups `total = Σ parts` (a table's rows, its columns, a part
 *    and its complement). In every group
 *    - no member may be the only one suppressed (it would be the total minus the rest); and
 *    - while the total is published, the suppressed parts together must hold at least
 *      minimumCell people (two suppressed cells adding up to 2 would both be 1).
 *    Where a group breaks this, its smallest published non-zero part is suppressed too (the
 *    total when no such part is left, or a zero part when the total is already suppressed), and
 *    the groups are checked again until none breaks it.
 */
export const minimumCell = 5;

export interface CellGroup {
  total: string;
  parts: string[];
}

/** Suppresses cells (keys of `counts`) by the rule above; returns the keys that must not be published. */
export function suppressedCells(counts: ReadonlyMap<string, number>, groups: readonly CellGroup[]): Set<string> {
  const value = (key: string) => counts.get(key) ?? 0;
  const hidden = new Set([...counts.keys()].filter((k) => value(k) > 0 && value(k) < minimumCell));
  const breaks = (group: CellGroup) => {
    const members = [group.total, ...group.parts].filter((k) => hidden.has(k));
    if (members.length === 1) return true;
    if (hidden.has(group.total)) return false;
    const hiddenParts = group.parts.filter((k) => hidden.has(k));
    return hiddenParts.length > 0 && hiddenParts.reduce((sum, k) => sum + value(k), 0) < minimumCell;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const group of groups) {
      if (!breaks(group)) continue;
      const published = group.parts
        .filter((k) => !hidden.has(k))
        .sort((a, b) => value(a) - value(b) || a.localeCompare(b));
      const next = published.find((k) => value(k) > 0) ?? (hidden.has(group.total) ? published[0] : group.total);
      if (next === undefined) continue;
      hidden.add(next);
      changed = true;
    }
  }
  return hidden;
}

/** A count as the page shows it: the number, or null when it is suppressed. */
export type PublishedCount = number | null;
