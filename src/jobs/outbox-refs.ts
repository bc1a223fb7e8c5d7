/** Where the message another outbox row posted is, read from that row (thread replies and updates need it). */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
import type { MessageRef, RefLookup } from './delivery.ts';

export function outboxRefs(db: Db): RefLookup {
  return async (key) => {
    const [row] = await db
      .select({ ref: outbox.ref, status: outbox.status })
      .from(outbox)
      .where(eq(outbox.key, key));
    if (!row || row.status === 'failed') return { status: 'gone' };
    if (row.status === 'sent' && row.ref) return { status: 'sent', ref: row.ref as MessageRef };
    return row.status === 'sent' ? { status: 'gone' } : { status: 'pending' };
  };
}
