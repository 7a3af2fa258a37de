import type { TFunction } from 'i18next';

/** The label families of the figures' breakdowns (figures.ts `breakdown`). */
export type BreakdownKind = 'university' | 'track' | 'category' | 'quarter' | 'course';

/** The i18n key naming one breakdown key; tracks use the catalog's labels, so a track reads the same everywhere. */
function labelKey(kind: BreakdownKind, key: string): string | undefined {
  switch (kind) {
    case 'track':
      return `courses.tracks.${key}`;
    case 'university':
    case 'category':
      return `city.${kind}_${key}`;
    default:
      return undefined;
  }
}

const collators = new Map<string, Intl.Collator>();

function collator(lang: string): Intl.Collator {
  let found = collators.get(lang);
  if (!found) collators.set(lang, (found = new Intl.Collator(lang)));
  return found;
}

/**
 * Breakdown rows with their label in the reader's language, in the order that language sorts the
 * labels (가나다 on a Korean page, A–Z on an English one). Quarters and course codes are their own
 * labels and keep their order.
 */
export function labelledRows<R extends { key: string }>(
  rows: readonly R[],
  kind: BreakdownKind,
  t: TFunction,
  lang: string,
): (R & { label: string })[] {
  const labelled = rows.map((row) => {
    const key = labelKey(kind, row.key);
    return { ...row, label: key ? String(t(key)) : row.key };
  });
  if (kind === 'quarter' || kind === 'course') return labelled;
  const order = collator(lang);
  return labelled.sort((a, b) => order.compare(a.label, b.label));
}
