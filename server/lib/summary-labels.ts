/**
 * Names the field of each link in a rendered page's error summary ("이메일: 필수 입력 항목입니다."),
 * taking the page's own label for that field: the summary is rendered before its fields, so this
 * runs on the finished page (server/app.ts wraps the view engine with it). A field in a row of
 * several (a course's session) is named with its row too: the row's `data-row-label` (e.g.
 * "2회차 · 12월 4일 (금) 19:00"), so an error on a day with several sessions says which one.
 * Labels are the server's own escaped markup; tags inside them are dropped.
 */
export function nameSummaryFields(page: string): string {
  if (!page.includes('class="error-links"')) return page;
  return page.replace(/<ul class="error-links">[\s\S]*?<\/ul>/, (list) =>
    list.replace(/<a href="#f-([\w-]+)">/g, (link, id: string) => {
      const name = fieldName(page, id);
      return name ? `${link}<span class="field-name">${name}</span>: ` : link;
    }),
  );
}

const plain = (markup: string) =>
  markup
    .replace(/<span aria-hidden="true">\*<\/span>/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function fieldName(page: string, id: string): string | undefined {
  const own =
    new RegExp(`<label for="f-${id}"[^>]*>([\\s\\S]*?)</label>`).exec(page)?.[1] ??
    new RegExp(`<label[^>]*>([^<]*)<(?:input|select|textarea)[^>]*\\bid="f-${id}"`).exec(page)?.[1] ??
    new RegExp(`\\bid="f-${id}"[^>]*\\baria-label="([^"]*)"`).exec(page)?.[1];
  const label = own === undefined ? undefined : plain(own);
  if (!label) return undefined;
  const row = /^(.+-\d+)-\w+$/.exec(id)?.[1];
  const rowLabel = row && new RegExp(`\\bid="f-${row}-id"[^>]*\\bdata-row-label="([^"]*)"`).exec(page)?.[1];
  return rowLabel ? `${rowLabel} ${label}` : label;
}
