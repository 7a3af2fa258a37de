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

/**
 * The fields a browser would submit with a form, in document order: enabled inputs (checked
 * boxes only), the selected option of each select (its first option when none is), textareas.
 */
export function formFields($: cheerio.CheerioAPI, form: string): [string, string][] {
  const fields: [string, string][] = [];
  $(form)
    .find('input[name], select[name], textarea[name]')
    .each((_i, el) => {
      const $el = $(el);
      const name = $el.attr('name');
      if (!name || $el.is('[disabled]')) return;
      if ($el.is('select')) {
        const selected = $el.find('option[selected]').first();
        const option = selected.length ? selected : $el.find('option').first();
        fields.push([name, option.attr('value') ?? option.text()]);
      } else if ($el.is('textarea')) fields.push([name, $el.text()]);
      else if (!$el.is('[type=checkbox], [type=radio]')) fields.push([name, $el.attr('value') ?? '']);
      else if ($el.is('[checked]')) fields.push([name, $el.attr('value') ?? 'on']);
    });
  return fields;
}

/** A form's fields with some values replaced (or added), URL-encoded as a browser posts them. */
export function formBody(fields: readonly [string, string][], changes: Record<string, string> = {}): string {
  const names = new Set(fields.map(([name]) => name));
  const all = [
    ...fields.map(([name, value]): [string, string] => [name, name in changes ? changes[name]! : value]),
    ...Object.entries(changes).filter(([name]) => !names.has(name)),
  ];
  return new URLSearchParams(all).toString();
}
