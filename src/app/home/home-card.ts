/**
 * Lark has no Home tab: the home is a card (README, "Home"), sent on `/home` or from the bot's
 * menu, and kept current in place while it is the latest one sent to that member.
 */
import { and, eq, sql } from 'drizzle-orm';
import { homeScreens, outbox } from '../../db/schema.ts';
import type { Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember } from '../members/members.ts';
import { enqueue } from '../outbox.ts';
import { notMemberMessage } from '../replies.ts';
import { rememberHome } from './home-refresh.ts';
import { homeScreenOf } from './home-screen.ts';

/** `/home` typed: the home as the answer, which is sent under `replyKey` and becomes the card kept current. */
export async function homeCommand(deps: AppDeps, actor: Actor, replyKey?: string): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  if (replyKey) await rememberHome(deps.db, member.id, deps.clock.now(), replyKey);
  return homeScreenOf(deps, member);
}

/** The bot menu's Home item: a new home card in the member's chat, drawn when sent. */
export async function sendHomeCard(deps: AppDeps, actor: Actor, eventId: string): Promise<void> {
  const member = await findMember(deps, actor);
  const key = `home-card:${actor.platform}:${actor.userId}:${eventId}`;
  if (member) await rememberHome(deps.db, member.id, deps.clock.now(), key);
  await enqueue(deps.db, [
    {
      key,
      platform: actor.platform,
      target: { type: 'home', userId: actor.userId },
      message: { text: '', blocks: [] },
    },
  ]);
  deps.outboxQueued();
}

/**
 * The home again when a click came from the member's current home card (`where` is the platform's
 * reference of the clicked message, as the outbox recorded it), so the card stays a home.
 */
export async function homeIfClickedIn(
  deps: AppDeps,
  actor: Actor,
  where: Record<string, string>,
): Promise<Message | undefined> {
  const member = await findMember(deps, actor);
  if (!member) return undefined;
  const [card] = await deps.db
    .select({ key: outbox.key })
    .from(homeScreens)
    .innerJoin(outbox, eq(outbox.key, homeScreens.cardKey))
    .where(and(eq(homeScreens.memberId, member.id), sql`${outbox.ref} @> ${JSON.stringify(where)}::jsonb`));
  return card ? homeScreenOf(deps, member) : undefined;
}
