// {{t "home.title"}}, {{t "courses.seatsLeft" count=seats}}, or {{t key params}} with an object of values.
import type { HelperOptions } from 'handlebars';
import { renderContext } from './render-context';

export function t(key: string, ...args: unknown[]): string {
  const options = args.pop() as HelperOptions;
  const params = typeof args[0] === 'object' && args[0] !== null ? (args[0] as Record<string, unknown>) : {};
  const translate = renderContext(options).t;
  return translate ? String(translate(key, { ...params, ...options.hash })) : key;
}
