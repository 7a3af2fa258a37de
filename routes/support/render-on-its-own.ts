import type { Response } from 'express';

/** Renders a view on its own, without a layout, in the page's language (res.locals: `t`, `lang`), to be kept and reused. */
export function renderOnItsOwn(res: Response, view: string, locals: object): Promise<string> {
  const { t, lang } = res.locals as { t: unknown; lang: unknown };
  return new Promise((resolve, reject) => {
    res.app.render(view, { layout: false, t, lang, ...locals }, (err, html) => (err ? reject(err) : resolve(html)));
  });
}

/** The page's language, as the views were rendered in. */
export const pageLanguage = (res: Response) => String((res.locals as { lang: unknown }).lang);
