import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { outbox } from '../db/schema.ts';
import type { Message } from '../messages/model.ts';
import { currentRequest } from '../request-context.ts';
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
  const requestId = currentRequest()?.requestId ?? null;
  await tx
    .insert(outbox)
    .values(items.map((item) => ({ ...item, requestId })))
    .onConflictDoNothing({ target: outbox.key });
}

/** A key for messages that have no natural identity (a private answer to one click). */
export const oneOffKey = (prefix: string) => `${prefix}:${randomUUID()}`;

export type OutboxHealthRow = { platform: Platform; status: string; count: number; oldestAgeSeconds: number };

/** Outbox rows by platform and status, with the age of the oldest of each: the delivery backlog. */
export async function outboxHealth(db: Db): Promise<OutboxHealthRow[]> {
  const rows = rowsOf<{ platform: Platform; status: string; count: number; oldest: number | string | null }>(
    await db.execute(sql`
      select platform, status, count(*)::int as count,
        extract(epoch from (now() - min(created_at)))::float8 as oldest
      from outbox group by platform, status`),
  );
  return rows.map((row) => ({
    platform: row.platform,
    status: row.status,
    count: Number(row.count),
    oldestAgeSeconds: Math.max(0, Number(row.oldest ?? 0)),
  }));
}
