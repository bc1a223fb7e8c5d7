/**
 * When a home is drawn (README, "Home"): when the member opens it, and again shortly after
 * something it shows changes — through the outbox, so a chat outage loses nothing, and at most
 * once per member in each few seconds, however many changes come in a burst.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { homeScreens, members } from '../../db/schema.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember } from '../members/members.ts';
import { enqueue, type OutboxItem, oneOffKey } from '../outbox.ts';

/** Changes within this window share one redraw, drawn when it ends. */
export const HOME_REDRAW_DELAY_MS = 3000;

const EMPTY = { text: '', blocks: [] };

/** The home was opened (Slack) or clicked in: draw it now, and from now on keep it current. */
export async function showHome(deps: AppDeps, actor: Actor): Promise<void> {
  const member = await findMember(deps, actor);
  if (member) await rememberHome(deps.db, member.id, deps.clock.now());
  await enqueue(deps.db, [
    {
      key: oneOffKey(`home:${actor.platform}:${actor.userId}`),
      platform: actor.platform,
      target: { type: 'home', userId: actor.userId },
      message: EMPTY,
    },
  ]);
  deps.outboxQueued();
}

/** The member has a home to keep current; on Lark, `cardKey` is the card that shows it now. */
export async function rememberHome(db: Db, memberId: number, at: Date, cardKey?: string): Promise<void> {
  const card = cardKey ? { cardKey } : {};
  await db
    .insert(homeScreens)
    .values({ memberId, openedAt: at, ...card })
    .onConflictDoUpdate({ target: homeScreens.memberId, set: { openedAt: at, ...card } });
}

/**
 * Queues a redraw of these members' homes, inside the change's own transaction. Only homes that
 * were opened (Slack) or sent (Lark) are redrawn; the key's time bucket makes a burst one redraw.
 */
export async function redrawHomes(tx: Db, memberIds: readonly (number | null | undefined)[]): Promise<void> {
  await enqueue(tx, await homeRedraws(tx, memberIds));
}

/** The redraws `redrawHomes` queues, for a caller that queues them with its own messages in one insert. */
export async function homeRedraws(
  tx: Db,
  memberIds: readonly (number | null | undefined)[],
): Promise<OutboxItem[]> {
  const ids = [...new Set(memberIds.filter((id): id is number => typeof id === 'number'))];
  if (ids.length === 0) return [];
  const shown = await tx
    .select({
      id: members.id,
      platform: members.platform,
      userId: members.userId,
      cardKey: homeScreens.cardKey,
      bucket: sql<number>`floor(extract(epoch from now()) * 1000 / ${HOME_REDRAW_DELAY_MS})::bigint`,
    })
    .from(homeScreens)
    .innerJoin(members, eq(members.id, homeScreens.memberId))
    .where(and(inArray(homeScreens.memberId, ids), eq(members.active, true)));
  return (
    shown
      // A Lark home is a card: without one there is nothing to update.
      .filter((row) => row.platform === 'slack' || row.cardKey)
      .map((row) => ({
        key: `home:${row.id}:${row.bucket}`,
        platform: row.platform as Actor['platform'],
        target: {
          type: 'home' as const,
          userId: row.userId,
          ...(row.cardKey ? { cardKey: row.cardKey } : {}),
        },
        message: EMPTY,
        delayMs: HOME_REDRAW_DELAY_MS,
      }))
  );
}
