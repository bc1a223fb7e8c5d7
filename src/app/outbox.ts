import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { outbox } from '../db/schema.ts';
import type { Message } from '../messages/model.ts';
import type { Platform } from './context.ts';

/** Where a queued message goes. Thread replies and updates name the outbox row that posted the original. */
export type OutboxTarget =
  | { type: 'dm'; userId: string }
  /** A conversation of these people; where a platform's bot cannot open one, only `fallbackUserId` gets it. */
  | { type: 'group'; userIds: string[]; fallbackUserId: string }
  | { type: 'thread'; parentKey: string }
  | { type: 'update'; parentKey: string }
  | { type: 'response_url'; url: string; replaceOriginal: boolean };

export type OutboxItem = { key: string; platform: Platform; target: OutboxTarget; message: Message };

/** Queues messages inside the caller's transaction; a key already queued is left as it is. */
export async function enqueue(tx: Db, items: OutboxItem[]): Promise<void> {
  if (items.length === 0) return;
  await tx.insert(outbox).values(items).onConflictDoNothing({ target: outbox.key });
}

/** A key for messages that have no natural identity (a private answer to one click). */
export const oneOffKey = (prefix: string) => `${prefix}:${randomUUID()}`;

/** How many outbox rows are in each status (pending, sent, failed): the delivery backlog. */
export async function outboxBacklog(db: Db): Promise<{ status: string; count: number }[]> {
  return rowsOf<{ status: string; count: number }>(
    await db.execute(sql`select status, count(*)::int as count from outbox group by status`),
  );
}
