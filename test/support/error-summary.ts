import { html } from './html';

/**
 * What is wrong with a refused page's error summary, if anything: it must take focus (tabindex -1)
 * and have a heading; each of its links must reach an element with that id; and each field marked
 * invalid must name, in aria-describedby, messages that are on the page.
 */
export function errorSummaryProblems(page: string): string[] {
  const $ = html(page);
  const problems: string[] = [];
  const exists = (id: string) => $(`[id="${id}"]`).length > 0;
  $('.form-errors').each((_i, el) => {
    const summary = $(el);
    if (summary.attr('tabindex') !== '-1') problems.push('the error summary cannot take focus');
    if (!summary.find('h2').length) problems.push('the error summary has no heading');
  });
  $('.form-errors a[href^="#"]').each((_i, el) => {
    const id = ($(el).attr('href') ?? '').slice(1);
    if (!exists(id)) problems.push(`the summary links to #${id}, which is not on the page`);
  });
  $('[aria-invalid="true"]').each((_i, el) => {
    const name = $(el).attr('name') ?? $(el).attr('id') ?? el.tagName;
    const ids = ($(el).attr('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    if (!ids.length) problems.push(`${name} is marked invalid but names no message`);
    for (const id of ids) if (!exists(id)) problems.push(`${name} is described by #${id}, which is not on the page`);
  });
  return problems;
}
