/** What the admin's home says about the installation: who and what is loaded, and delivery health. */
import { and, count, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, contacts, customers, members } from '../../db/schema.ts';
import { outboxHealth } from '../outbox.ts';

export type AdminStatus = {
  members: number;
  customers: number;
  contacts: number;
  lastImport: { what: 'members' | 'customers' | 'contacts'; at: Date; rows: number } | undefined;
  pending: number;
  failed: number;
  oldestPendingSeconds: number;
};

const IMPORTS = {
  'member.imported': 'members',
  'customer.imported': 'customers',
  'contacts.imported': 'contacts',
} as const;

export async function loadAdminStatus(db: Db): Promise<AdminStatus> {
  const [[memberCount], [customerCount], [contactCount], [imported], health] = await Promise.all([
    db.select({ n: count() }).from(members).where(eq(members.active, true)),
    db.select({ n: count() }).from(customers).where(ne(customers.status, 'lost')),
    db.select({ n: count() }).from(contacts),
    // Each import writes one summary row with entity id 0 (import-table.ts): the entity index finds it.
    db
      .select({ action: auditLog.action, at: auditLog.at, after: auditLog.after })
      .from(auditLog)
      .where(
        and(
          inArray(auditLog.entity, ['member', 'customer']),
          eq(auditLog.entityId, 0),
          inArray(auditLog.action, Object.keys(IMPORTS)),
        ),
      )
      .orderBy(desc(auditLog.at))
      .limit(1),
    outboxHealth(db),
  ]);
  const pending = health.filter((row) => row.status === 'pending');
  const summary = imported?.after as { rows?: number } | null | undefined;
  return {
    members: memberCount?.n ?? 0,
    customers: customerCount?.n ?? 0,
    contacts: contactCount?.n ?? 0,
    lastImport: imported
      ? {
          what: IMPORTS[imported.action as keyof typeof IMPORTS],
          at: imported.at,
          rows: Number(summary?.rows ?? 0),
        }
      : undefined,
    pending: pending.reduce((sum, row) => sum + row.count, 0),
    failed: health.filter((row) => row.status === 'failed').reduce((sum, row) => sum + row.count, 0),
    oldestPendingSeconds: Math.max(0, ...pending.map((row) => row.oldestAgeSeconds)),
  };
}
