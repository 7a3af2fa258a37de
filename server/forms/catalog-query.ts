import { z } from 'zod';
import { levels, modes, tracks } from '../../models/course';
import { catalogSorts, type CatalogQuery } from '../services/courses/catalog';
import type { CatalogMonth, CatalogUniversity } from '../services/course-base/catalog-snapshot';
import { text } from './fields';

const flag = z.literal('1').transform(() => true);
/** A value the catalog does not understand reads as absent. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const catalogSchema = z.object({
  q: lenient(text(100)),
  university: lenient(z.string().regex(/^[a-z][a-z0-9-]{1,30}$/)),
  track: lenient(z.enum(tracks)),
  mode: lenient(z.enum(modes)),
  level: lenient(z.enum(levels)),
  month: lenient(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
  open: lenient(flag),
  eligible: lenient(flag),
  sort: lenient(z.enum(catalogSorts)),
  page: lenient(z.coerce.number().int().min(1).max(10_000)),
});

/** The choices the catalog's filter form offers. */
export const catalogChoices = { tracks, modes, levels, sorts: catalogSorts };

export type CatalogParam = keyof typeof catalogSchema.shape;
const params = Object.keys(catalogSchema.shape) as CatalogParam[];

export interface ParsedCatalogQuery {
  query: CatalogQuery;
  /** Parameters given with a value the catalog does not understand: dropped, and named on the page. */
  ignored: CatalogParam[];
  /** "Courses I can apply to" was asked for by someone not signed in as a trainee. */
  eligibleNeedsTrainee: boolean;
}

/**
 * Catalog filters from the query string. A bad value (an unknown sort, a month that is no month,
 * a repeated parameter, a search longer than 100 characters) is dropped rather than failing the
 * page, and the page says which were dropped. "Courses I can apply to" needs a signed-in trainee.
 */
export function parseCatalogQuery(raw: unknown, viewer: { trainee: boolean }): ParsedCatalogQuery {
  const given = Object.fromEntries(
    Object.entries(typeof raw === 'object' && raw !== null ? raw : {}).filter(([, value]) => value !== ''),
  );
  const parsed = catalogSchema.parse(given);
  const { page, eligible, ...filters } = parsed;
  return {
    query: { ...filters, eligible: viewer.trainee && eligible, page: page ?? 1 },
    ignored: params.filter((name) => given[name] !== undefined && parsed[name] === undefined),
    eligibleNeedsTrainee: !!eligible && !viewer.trainee,
  };
}

/** The catalog address for a page with the same filters and sort. */
export function catalogUrl(query: CatalogQuery, page: number): string {
  const search = new URLSearchParams();
  for (const name of ['q', 'university', 'track', 'mode', 'level', 'month'] as const) {
    const value = query[name];
    if (value) search.set(name, value);
  }
  if (query.open) search.set('open', '1');
  if (query.eligible) search.set('eligible', '1');
  if (query.sort && query.sort !== 'start') search.set('sort', query.sort);
  if (page > 1) search.set('page', String(page));
  const text = search.toString();
  return text ? `/courses?${text}` : '/courses';
}

/** One applied filter as the page shows it: what it is, its value (text, or an i18n key), and the address without it. */
export interface FilterChip {
  name: Exclude<CatalogParam, 'page'>;
  text?: string | { ko: string; en: string };
  label?: string;
  removeUrl: string;
}

/** The filters and sort in force, each removable on its own (back to page 1). */
export function filterChips(
  query: CatalogQuery,
  choices: { universities: CatalogUniversity[]; startMonths: CatalogMonth[] },
): FilterChip[] {
  const without = (name: FilterChip['name']) => catalogUrl({ ...query, [name]: undefined }, 1);
  const chips: Omit<FilterChip, 'removeUrl'>[] = [];
  if (query.q) chips.push({ name: 'q', text: query.q });
  if (query.university) {
    const university = choices.universities.find((u) => u.code === query.university);
    chips.push({ name: 'university', text: university?.name ?? query.university });
  }
  if (query.track) chips.push({ name: 'track', label: `courses.tracks.${query.track}` });
  if (query.mode) chips.push({ name: 'mode', label: `courses.modes.${query.mode}` });
  if (query.level) chips.push({ name: 'level', label: `courses.levels.${query.level}` });
  if (query.month) {
    const month = choices.startMonths.find((m) => m.value === query.month);
    chips.push({ name: 'month', text: month?.text ?? query.month });
  }
  if (query.open) chips.push({ name: 'open' });
  if (query.eligible) chips.push({ name: 'eligible' });
  if (query.sort && query.sort !== 'start') chips.push({ name: 'sort', label: `courses.catalog.sorts.${query.sort}` });
  return chips.map((chip) => ({ ...chip, removeUrl: without(chip.name) }));
}
