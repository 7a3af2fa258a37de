import { AuditEvent } from '../../../models/audit-event';
import { User } from '../../../models/user';
import { seoulDayBounds } from '../../lib/calendar';
import { pageWindow } from '../../lib/pagination';
import { escapeRegExp } from '../../lib/regexp';

export interface AuditFilter {
  /** Part of the actor's email. */
  actor?: string;
  /** An exact action, or a prefix ending in a dot (`auth.`). */
  action?: string;
  /** Calendar days (YYYY-MM-DD) in Asia/Seoul, both inclusive. */
  from?: string;
  to?: string;
  page: number;
}

export const auditPageSize = 50;

/** One page of audit events matching the filters, newest first, with the actors' names and emails. */
export async function browseAuditLog(filter: AuditFilter) {
  const query: Record<string, unknown> = {};
  if (filter.actor) {
    const users = await User.find({ email: new RegExp(escapeRegExp(filter.actor.toLowerCase())) }, { _id: 1 })
      .limit(500)
      .lean();
    query.actor = { $in: users.map((u) => u._id) };
  }
  if (filter.action) {
    query.action = filter.action.endsWith('.') ? new RegExp(`^${escapeRegExp(filter.action)}`) : filter.action;
  }
  if (filter.from || filter.to) {
    query.at = {
      ...(filter.from ? { $gte: seoulDayBounds(filter.from).start } : {}),
      ...(filter.to ? { $lte: seoulDayBounds(filter.to).end } : {}),
    };
  }
  const total = await AuditEvent.countDocuments(query);
  const { page, pages, skip } = pageWindow(total, filter.page, auditPageSize);
  const events = await AuditEvent.find(query)
    .sort({ at: -1, _id: -1 })
    .skip(skip)
    .limit(auditPageSize)
    .populate<{ actor: { name: string; email: string } | null }>('actor', 'name email')
    .lean();
  return {
    events: events.map((e) => ({ ...e, details: describe(e) })),
    total,
    page,
    pages,
  };
}

const maxDetailLines = 30;

function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.map(shown).join(', ');
  if (typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${shown(v)}`)
      .join(', ');
  }
  return value instanceof Date ? value.toISOString() : String(value as string | number | boolean);
}

const asRecord = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? (value as Record<string, unknown>)
    : undefined;

/** `path: before → after` for each value that differs, following objects present on both sides (`sessions.<id>.date`). */
function changeLines(before: unknown, after: unknown, path: string, out: string[]): void {
  const [b, a] = [asRecord(before), asRecord(after)];
  if (b && a) {
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)]))
      changeLines(b[key], a[key], path ? `${path}.${key}` : key, out);
  } else if (shown(before) !== shown(after)) out.push(`${path}: ${shown(before)} → ${shown(after)}`);
}

/**
 * What changed, one line per field (`title.en: Old → New`; `code: X` for what a creation set),
 * then the context; plain text that the view escapes like any other.
 */
function describe(event: { before?: unknown; after?: unknown; meta?: unknown }): string[] {
  const [before, after] = [asRecord(event.before), asRecord(event.after)];
  const lines: string[] = [];
  if (before && after) changeLines(before, after, '', lines);
  else for (const [field, value] of Object.entries(before ?? after ?? {})) lines.push(`${field}: ${shown(value)}`);
  if (event.meta) lines.push(`meta ${JSON.stringify(event.meta)}`);
  const kept = lines.slice(0, maxDetailLines).map((line) => (line.length > 300 ? `${line.slice(0, 299)}…` : line));
  return lines.length > maxDetailLines ? [...kept, '…'] : kept;
}

/** The distinct actions seen so far, for the filter's suggestions. */
export async function knownAuditActions(): Promise<string[]> {
  const rows = await AuditEvent.aggregate<{ _id: string }>([{ $group: { _id: '$action' } }, { $sort: { _id: 1 } }]);
  return rows.map((r) => r._id);
}
