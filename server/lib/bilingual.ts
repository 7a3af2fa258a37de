/** A text kept in both languages, as every title and name in the programme is. */
export interface Bilingual {
  ko: string;
  en: string;
}

type Flat<P extends string> = Record<`${P}Ko` | `${P}En`, string>;

/**
 * `{ titleKo, titleEn }` from `title`: the flat shape a bilingual text takes as form values and as
 * message parameters (a notice carries both languages; the reader's picks one). Missing is empty.
 */
export function flatten<P extends string>(prefix: P, text: Partial<Bilingual> | null | undefined): Flat<P> {
  return { [`${prefix}Ko`]: text?.ko ?? '', [`${prefix}En`]: text?.en ?? '' } as Flat<P>;
}

/** `title` from a form's `{ titleKo, titleEn }`. */
export function unflatten<P extends string>(prefix: P, form: Flat<P>): Bilingual {
  return { ko: form[`${prefix}Ko`], en: form[`${prefix}En`] };
}

/** The text in the reader's language, else the Korean one (every text has it), else the English. */
export function inLanguage(text: Partial<Bilingual> | null | undefined, lang: string): string {
  return (lang === 'en' ? text?.en : text?.ko) || text?.ko || text?.en || '';
}
