import type { Db } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';

export type AuditEntry = {
  at: Date;
  actorId: number | null;
  action: string;
  entity: 'visit' | 'discount_request' | 'approval_step' | 'customer' | 'member' | 'settings';
  entityId: number;
  before?: unknown;
  after?: unknown;
};

export async function audit(tx: Db, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx
    .insert(auditLog)
    .values(entries.map((entry) => ({ ...entry, before: entry.before ?? null, after: entry.after ?? null })));
}
