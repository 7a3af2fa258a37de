import * as cheerio from 'cheerio';

export function html(text: string) {
  return cheerio.load(text);
}

/** Visible text of the elements matching selector, trimmed, in document order. */
export function texts(text: string, selector: string): string[] {
  const $ = cheerio.load(text);
  return $(selector)
    .map((_i, el) => $(el).text().replace(/\s+/g, ' ').trim())
    .get();
}
