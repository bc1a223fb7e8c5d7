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

/**
 * `redrawHomes` as SQL, for a hot path's single statement (visit-statement.ts, discount-statement.ts):
 * inserts the redraws of the shown homes of the members `where` picks (`h.member_id …`), joined with
 * the statement's own `from` (so nothing is queued when it wrote nothing); `requestId` is the SQL for
 * the inbound request's id. The key's time bucket makes a burst one redraw, as homeRedraws does.
 */
export function homeRedrawsInsert(options: { from: string; where: string; requestId: string }): string {
  return `insert into outbox (key, platform, target, message, request_id, conversation, next_attempt_at)
  select 'home:' || m.id || ':' || floor(extract(epoch from now()) * 1000 / ${HOME_REDRAW_DELAY_MS})::bigint,
    m.platform,
    jsonb_build_object('type', 'home', 'userId', m.user_id)
      || case when h.card_key is null then '{}'::jsonb else jsonb_build_object('cardKey', h.card_key) end,
    '{"text": "", "blocks": []}'::jsonb, ${options.requestId}, m.platform || ':home:' || m.user_id,
    now() + interval '${HOME_REDRAW_DELAY_MS} milliseconds'
  from home_screens h join members m on m.id = h.member_id, ${options.from}
  where ${options.where} and m.active and (m.platform = 'slack' or h.card_key is not null)
  order by m.id
  on conflict (key) do nothing`;
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
