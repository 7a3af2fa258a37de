// {{formatDate value}} or {{formatDate value "datetime"}}: a date in Asia/Seoul, in the page's language, with its
// weekday ("12월 1일 (화)", "Tue 1 Dec"); the year only when it is not this year. `value` is an instant or a
// `YYYY-MM-DD` calendar day (a session's date). The styles are server/lib/date-text.ts's.
import type { HelperOptions } from 'handlebars';
import { dateText, isDateStyle } from '../../server/lib/date-text';
import { renderContext } from './render-context';

export function formatDate(value: unknown, ...args: unknown[]): string {
  const options = args.pop() as HelperOptions;
  return dateText(value, renderContext(options).lang, isDateStyle(args[0]) ? args[0] : 'date');
}
