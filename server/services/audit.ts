import type { Types } from 'mongoose';
import { AuditEvent } from '../../models/audit-event';
import type { Actor } from '../auth/actor';

type Id = Types.ObjectId | string;

export interface AuditEntry {
  actor?: Actor | null;
  action: string;
  target?: { type: string; id: Id };
  university?: Id | null;
  before?: unknown;
  after?: unknown;
  meta?: Record<string, unknown>;
  ip?: string;
}

/** Appends one audit event; every state change in a service calls this. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await AuditEvent.create({
    actor: entry.actor?.id,
    actorRole: entry.actor?.role,
    action: entry.action,
    targetType: entry.target?.type,
    targetId: entry.target?.id,
    university: entry.university ?? undefined,
    before: entry.before,
    after: entry.after,
    meta: entry.meta,
    ip: entry.ip,
  });
}
