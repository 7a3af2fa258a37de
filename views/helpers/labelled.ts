// {{#each (labelled rows "track")}}{{label}}…{{/each}}: breakdown rows with their label in the page's language, sorted by it.
import type { HelperOptions } from 'handlebars';
import { labelledRows, type BreakdownKind } from '../../server/services/city/figure-labels';
import { renderContext } from './render-context';

export function labelled(rows: unknown, kind: BreakdownKind, options: HelperOptions) {
  const { t, lang } = renderContext(options);
  return Array.isArray(rows) && t ? labelledRows(rows as { key: string }[], kind, t, lang) : [];
}
