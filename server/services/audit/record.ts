import type { Types } from 'mongoose';
import { AuditEvent } from '../../../models/audit-event';
import type { Actor } from '../../auth/actor';
import { fieldDiff } from '../../lib/field-diff';
import type { AuditAction } from './actions';

type Id = Types.ObjectId | string;

export interface AuditEntry {
  actor?: Actor | null;
  action: AuditAction;
  target?: { type: string; id: Id };
  university?: Id | null;
  before?: unknown;
  after?: unknown;
  /**
   * For an update: the record's fields before and after it. Only what changed is stored, field
   * by field, as `before`/`after` (server/lib/field-diff.ts), so the log says what an edit did.
   */
  changed?: { from: Record<string, unknown>; to: Record<string, unknown> };
  meta?: Record<string, unknown>;
  ip?: string;
}

/** Appends one audit event; every state change in a service calls this. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  const diff = entry.changed && fieldDiff(entry.changed.from, entry.changed.to);
  await AuditEvent.create({
    actor: entry.actor?.id,
    actorRole: entry.actor?.role,
    action: entry.action,
    targetType: entry.target?.type,
    targetId: entry.target?.id,
    university: entry.university ?? undefined,
    before: entry.before ?? diff?.before,
    after: entry.after ?? diff?.after,
    meta: entry.meta,
    ip: entry.ip,
  });
}
