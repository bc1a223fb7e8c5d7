import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { outbox } from '../db/schema.ts';
import type { Message } from '../messages/model.ts';
import { currentRequest } from '../request-context.ts';
import type { Platform } from './context.ts';

/** Where a queued message goes. Thread replies and updates name the outbox row that posted the original. */
export type OutboxTarget =
  | { type: 'dm'; userId: string }
  /**
   * A conversation of these people; where a platform's bot cannot open one, only `fallbackUserId`
   * gets it. `name`: what to call it where the platform names a chat it creates (Lark).
   */
  | { type: 'group'; userIds: string[]; fallbackUserId: string; name?: string }
  | { type: 'thread'; parentKey: string }
  | { type: 'update'; parentKey: string }
  | { type: 'response_url'; url: string; replaceOriginal: boolean }
  /**
   * The member's home, drawn when delivered (so it shows the latest): Slack's Home tab; on Lark a
   * card, updated in place when `cardKey` names the one to update, else sent to their chat.
   */
  | { type: 'home'; userId: string; cardKey?: string };

export type OutboxItem = {
  key: string;
  platform: Platform;
  target: OutboxTarget;
  message: Message;
  /** Not before this many ms from now: a home redrawn after a burst of changes is drawn once. */
  delayMs?: number;
};

/**
 * Queues messages inside the caller's transaction; a key already queued is left as it is. Each row
 * names its conversation (conversationKey), so the worker delivers one conversation in order.
 */
export async function enqueue(tx: Db, items: OutboxItem[]): Promise<void> {
  if (items.length === 0) return;
  const requestId = currentRequest()?.requestId ?? null;
  const known = new Map<string, string>();
  const parents = [
    ...new Set(items.flatMap((item) => (item.target.type === 'thread' ? [item.target.parentKey] : []))),
  ].filter((key) => !items.some((item) => item.key === key));
  if (parents.length > 0) {
    const rows = await tx
      .select({ key: outbox.key, conversation: outbox.conversation })
      .from(outbox)
      .where(inArray(outbox.key, parents));
    for (const row of rows) if (row.conversation) known.set(row.key, row.conversation);
  }
  const values = outboxRows(items, known).map(({ row, delayMs }) => ({
    ...row,
    requestId,
    ...(delayMs ? { nextAttemptAt: sql`now() + (${delayMs} * interval '1 millisecond')` } : {}),
  }));
  await tx.insert(outbox).values(values).onConflictDoNothing({ target: outbox.key });
}

/**
 * The outbox rows of these messages, in order: each with its conversation (`known` holds those of
 * parents already queued, and learns each item's) and the messages it waits for; and its delay.
 */
export function outboxRows(items: OutboxItem[], known: Map<string, string>) {
  return items.map(({ delayMs, ...item }) => {
    const conversation = conversationKey(item, known);
    known.set(item.key, conversation);
    const waitsFor = [...new Set([...waitsForMessage(item, items), ...linkedKeys(item.message)])];
    return { row: { ...item, conversation, ...(waitsFor.length ? { waitsFor } : {}) }, delayMs };
  });
}

/**
 * What a message waits for besides its links: an update, the message it changes (its own
 * conversation is only the updates of that message: conversationKey); a thread reply, the updates
 * of its parent queued with it ("Approved by Sam" in the thread after the message says approved,
 * even when the update has to be retried).
 */
function waitsForMessage(item: OutboxItem, batch: OutboxItem[]): string[] {
  const { target } = item;
  if (target.type === 'update') return [target.parentKey];
  if (target.type !== 'thread') return [];
  return batch.flatMap((other) =>
    other.target.type === 'update' && other.target.parentKey === target.parentKey ? [other.key] : [],
  );
}

/** The messages this one links to: it goes out once they are posted (their permalinks exist then). */
export function linkedKeys(message: Message): string[] {
  return [
    ...new Set(message.blocks.flatMap((block) => (block.type === 'permalink' ? [block.outboxKey] : []))),
  ];
}

/**
 * Where a message lands, as one key: the recipient's DM, the group of these people, the
 * conversation of the message a thread reply belongs to. A private answer to a click
 * (response_url) is a conversation of its own, and so are the updates of one message: they change
 * it in place, in order, once it is posted (they wait for it: outboxRows), and need not wait for
 * the posts queued after it in its DM — an approver's click on the first of a morning's approval
 * messages is answered while the rest are still paced out.
 */
export function conversationKey(item: OutboxItem, parents: ReadonlyMap<string, string>): string {
  const { platform, target } = item;
  switch (target.type) {
    case 'dm':
      return `${platform}:dm:${target.userId}`;
    case 'group':
      return `${platform}:group:${[...target.userIds].sort().join(',')}`;
    case 'response_url':
      return `${platform}:response:${item.key}`;
    case 'home':
      return `${platform}:home:${target.userId}`;
    case 'thread':
      return parents.get(target.parentKey) ?? `${platform}:parent:${target.parentKey}`;
    case 'update':
      return `${platform}:message:${target.parentKey}`;
  }
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
