import { escapeRegExp } from './regexp';

/**
 * Text made comparable for substring search in Korean and English: NFKC (full-width ＢＭＳ reads
 * as BMS, a decomposed 양극재 from a Mac as the composed one, a typed ㅇ as the initial consonant
 * U+110B), lower case, and every run of white space as one space.
 */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The distinct words of a search, each compared as a substring (Korean users type parts of words). */
export function searchTerms(query: string): string[] {
  return [...new Set(searchKey(query).split(' ').filter(Boolean))];
}

const firstSyllable = 0xac00;
const lastSyllable = 0xd7a3;
/** Syllables per initial consonant: 21 vowels × 28 finals. */
const perInitial = 21 * 28;
const firstInitial = 0x1100;
const lastInitial = 0x1112;

/** Whether the character is one of the 19 initial consonants (what a typed ㄱ…ㅎ becomes under NFKC). */
function isInitial(code: number): boolean {
  return code >= firstInitial && code <= lastInitial;
}

/**
 * Each Hangul syllable as its initial consonant (실리콘 음극재 → ᄉᄅᄏ ᄋᄀᄌ, the NFKC form of
 * ㅅㄹㅋ ㅇㄱㅈ); every other character as it is, so the result lines up with the text character by
 * character.
 */
export function initialsOf(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out +=
      code >= firstSyllable && code <= lastSyllable
        ? String.fromCharCode(firstInitial + Math.floor((code - firstSyllable) / perInitial))
        : c;
  }
  return out;
}

/**
 * A snapshot's precomputed search texts for one record: fields joined by a line feed, which no
 * search term holds (terms are split at white space), so a term never matches across two fields.
 * `text` has no spaces, so spacing never matters (실리콘음극재 finds 실리콘 음극재, and 실리콘 음극재
 * finds 실리콘음극재 as two terms); `initials` is the same text by initial consonant.
 */
export interface SearchText {
  text: string;
  initials: string;
}

/** Several texts as one searchable record (built once per snapshot, not per request). */
export function searchable(texts: readonly (string | null | undefined)[]): SearchText {
  const text = texts
    .filter((t): t is string => !!t)
    .map((t) => searchKey(t).replaceAll(' ', ''))
    .join('\n');
  return { text, initials: initialsOf(text) };
}

/** A search term, compiled once per request: a test of one record's search text. */
export type TermMatcher = (record: SearchText) => boolean;

/**
 * How a term is compared, by syllable: a term of whole syllables and letters is a substring of the
 * text; a term of initial consonants only (ㅇㄱㅈ) is a substring of the initials; a mixed term
 * (음ㄱ재) reads each consonant as any syllable that starts with it, or the consonant itself.
 */
export function termMatcher(term: string): TermMatcher {
  const codes = [...term].map((c) => c.charCodeAt(0));
  if (!codes.some(isInitial)) return (r) => r.text.includes(term);
  if (codes.every(isInitial)) return (r) => r.initials.includes(term);
  const pattern = [...term]
    .map((c) => {
      const code = c.charCodeAt(0);
      if (!isInitial(code)) return escapeRegExp(c);
      const from = firstSyllable + (code - firstInitial) * perInitial;
      return `[${c}${String.fromCharCode(from)}-${String.fromCharCode(from + perInitial - 1)}]`;
    })
    .join('');
  const re = new RegExp(pattern, 'u');
  return (r) => re.test(r.text);
}

/** The matchers of a search's terms (searchTerms), to test many records with. */
export function searchMatchers(query: string): TermMatcher[] {
  return searchTerms(query).map(termMatcher);
}

/** Whether every term occurs in the record, each anywhere. */
export function matchesAll(record: SearchText, matchers: readonly TermMatcher[]): boolean {
  return matchers.every((m) => m(record));
}
