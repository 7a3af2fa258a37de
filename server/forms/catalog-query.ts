import { z } from 'zod';
import { modes, tracks } from '../../models/course';
import type { CatalogQuery } from '../services/courses/catalog';
import { text } from './fields';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);

const catalogSchema = z.object({
  q: optional(text(100)),
  university: optional(z.string().regex(/^[a-z][a-z0-9-]{1,30}$/)),
  track: optional(z.enum(tracks)),
  mode: optional(z.enum(modes)),
  open: z.preprocess((v) => v === '1', z.boolean()),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/** The choices the catalog's filter form offers. */
export const catalogChoices = { tracks, modes };

/** Catalog filters from the query string; a bad value is dropped rather than failing the page. */
export function parseCatalogQuery(query: unknown): CatalogQuery {
  const picked = typeof query === 'object' && query !== null ? query : {};
  return catalogSchema.parse(picked);
}

/** The catalog address for a page with the same filters. */
export function catalogUrl(query: CatalogQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.university) params.set('university', query.university);
  if (query.track) params.set('track', query.track);
  if (query.mode) params.set('mode', query.mode);
  if (query.open) params.set('open', '1');
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/courses?${search}` : '/courses';
}
