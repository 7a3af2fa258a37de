import type { Response } from 'express';
import Handlebars from 'handlebars';
import { Spliced } from '../../server/lib/rendered-rows';

/** Renders a view on its own, without a layout, in the page's language (res.locals: `t`, `lang`), to be kept and reused. */
export function renderOnItsOwn(res: Response, view: string, locals: object): Promise<string> {
  const { t, lang } = res.locals as { t: unknown; lang: unknown };
  return new Promise((resolve, reject) => {
    res.app.render(view, { layout: false, t, lang, ...locals }, (err, html) => (err ? reject(err) : resolve(html)));
  });
}

/** The page's language, as the views were rendered in. */
export const pageLanguage = (res: Response) => String((res.locals as { lang: unknown }).lang);

/**
 * The per-request values in a kept view's forms (views/partials/csrf.hbs), rendered as marks:
 * pass them among the locals, keep `Spliced.of(html, formMarks)`, and fill it with `formValues`.
 */
export const formMarks = Spliced.marks(['csrfToken', 'formPage']);

/** A form's hidden fields as the page's own forms carry them: the CSRF token and the page's address. */
export function formValues(res: Response): Record<string, string> {
  const { csrfToken, formPage } = res.locals as { csrfToken: unknown; formPage: unknown };
  const token: unknown = typeof csrfToken === 'function' ? (csrfToken as () => unknown)() : csrfToken;
  const escape = (value: unknown) => Handlebars.Utils.escapeExpression(value === undefined ? '' : String(value));
  return { csrfToken: escape(token), formPage: escape(formPage) };
}
