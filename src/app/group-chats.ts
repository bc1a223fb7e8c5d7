import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { larkGroupChats } from '../db/schema.ts';

/**
 * Which group chat the bot made for a set of members (the key: their ids, sorted, comma-joined).
 * Shared by every instance through the database, so a pair keeps one chat across restarts.
 */
export type GroupChats = {
  find(key: string): Promise<string | undefined>;
  /** Keeps `chatId` for `key` unless another instance got there first; answers the chat kept. */
  remember(key: string, chatId: string): Promise<string>;
  /** Drops `chatId` for `key` (the bot can no longer post there); a newer chat kept meanwhile stays. */
  forget(key: string, chatId: string): Promise<void>;
};

/** The key of a set of members: the same people in any order, or twice, give the same key. */
export const groupChatKey = (userIds: readonly string[]) => [...new Set(userIds)].sort().join(',');

export function larkGroupChatStore(db: Db): GroupChats {
  async function find(key: string): Promise<string | undefined> {
    const [row] = await db
      .select({ chatId: larkGroupChats.chatId })
      .from(larkGroupChats)
      .where(eq(larkGroupChats.members, key));
    return row?.chatId;
  }
  return {
    find,
    async remember(key, chatId) {
      await db.insert(larkGroupChats).values({ members: key, chatId }).onConflictDoNothing();
      return (await find(key)) ?? chatId;
    },
    async forget(key, chatId) {
      await db
        .delete(larkGroupChats)
        .where(and(eq(larkGroupChats.members, key), eq(larkGroupChats.chatId, chatId)));
    },
  };
}
