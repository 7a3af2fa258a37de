/**
 * Text made comparable for substring search in Korean and English: NFKC (full-width ＢＭＳ reads
 * as BMS, a decomposed 양극재 from a Mac as the composed one), lower case, and every run of
 * white space as one space.
 */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The distinct words of a search, each compared as a substring (Korean users type parts of words). */
export function searchTerms(query: string): string[] {
  return [...new Set(searchKey(query).split(' ').filter(Boolean))];
}

/**
 * Several texts as one searchable string. Fields are joined by a line feed, which no search
 * term holds (terms are split at white space), so a term never matches across two fields.
 */
export function searchable(texts: readonly (string | null | undefined)[]): string {
  return texts
    .filter((t): t is string => !!t)
    .map(searchKey)
    .join('\n');
}

/** Whether every term occurs in the searchable text, each anywhere. */
export function matchesAll(haystack: string, terms: readonly string[]): boolean {
  return terms.every((term) => haystack.includes(term));
}
