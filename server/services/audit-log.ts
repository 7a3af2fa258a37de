import { AuditEvent } from '../../models/audit-event';
import { User } from '../../models/user';

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

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function seoulDay(day: string, endOfDay: boolean): Date {
  return new Date(`${day}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}+09:00`);
}

/** One page of audit events matching the filters, newest first, with the actors' names and emails. */
export async function browseAuditLog(filter: AuditFilter) {
  const query: Record<string, unknown> = {};
  if (filter.actor) {
    const users = await User.find({ email: new RegExp(escapeRegExp(filter.actor.toLowerCase())) }, { _id: 1 }).limit(500).lean();
    query.actor = { $in: users.map((u) => u._id) };
  }
  if (filter.action) {
    query.action = filter.action.endsWith('.') ? new RegExp(`^${escapeRegExp(filter.action)}`) : filter.action;
  }
  if (filter.from || filter.to) {
    query.at = { ...(filter.from ? { $gte: seoulDay(filter.from, false) } : {}), ...(filter.to ? { $lte: seoulDay(filter.to, true) } : {}) };
  }
  const total = await AuditEvent.countDocuments(query);
  const pages = Math.max(1, Math.ceil(total / auditPageSize));
  const page = Math.min(Math.max(1, filter.page), pages);
  const events = await AuditEvent.find(query)
    .sort({ at: -1, _id: -1 })
    .skip((page - 1) * auditPageSize)
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

/** A compact, plain-text view of what changed; the view escapes it like any other text. */
function describe(event: { before?: unknown; after?: unknown; meta?: unknown }): string {
  const parts = [
    event.meta ? `meta ${JSON.stringify(event.meta)}` : '',
    event.before ? `before ${JSON.stringify(event.before)}` : '',
    event.after ? `after ${JSON.stringify(event.after)}` : '',
  ];
  return parts.filter(Boolean).join(' · ').slice(0, 600);
}

/** The distinct actions seen so far, for the filter's suggestions. */
export async function knownAuditActions(): Promise<string[]> {
  const rows = await AuditEvent.aggregate<{ _id: string }>([{ $group: { _id: '$action' } }, { $sort: { _id: 1 } }]);
  return rows.map((r) => r._id);
}
