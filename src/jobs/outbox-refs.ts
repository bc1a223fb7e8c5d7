/**
 * Where the message another outbox row posted is, read from that row (thread replies and updates
 * need it) — or from this process's memory of the rows it sent itself: a row's ref never changes
 * once it is sent, and the rep's notice, the thread and every update of an approval message ask
 * for the same one, usually within seconds of its post.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
import type { MessageRef, RefLookup } from './delivery.ts';

/** Enough for a busy morning's posts; beyond it, start over (a miss only reads the row). */
const MAX_REMEMBERED = 10_000;

export type OutboxRefs = {
  lookup: RefLookup;
  /** Called when this process recorded a row as sent where it landed. */
  sent(key: string, ref: MessageRef): void;
};

export function outboxRefs(db: Db): OutboxRefs {
  const remembered = new Map<string, MessageRef>();
  return {
    async lookup(key) {
      const known = remembered.get(key);
      if (known) return { status: 'sent', ref: known };
      const [row] = await db
        .select({ ref: outbox.ref, status: outbox.status })
        .from(outbox)
        .where(eq(outbox.key, key));
      if (!row || row.status === 'failed') return { status: 'gone' };
      if (row.status === 'sent' && row.ref) return { status: 'sent', ref: row.ref as MessageRef };
      return row.status === 'sent' ? { status: 'gone' } : { status: 'pending' };
    },
    sent(key, ref) {
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(key, ref);
    },
  };
}
