/**
 * The directory tells us first (README, "A rep leaves"): when Slack or Lark reports a member
 * deactivated, their manager (else an admin) is asked to hand over their customers, with the team's
 * reps to choose from — the manager first. Nothing changes until someone presses one of them; that
 * runs the same hand-over as `accountdesk members leave`.
 */
import { and, asc, count, eq, ne } from 'drizzle-orm';
import { customers, members } from '../../db/schema.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Button, type Message, textMessage } from '../../messages/model.ts';
import type { Actor, AppDeps, Platform } from '../context.ts';
import { enqueue } from '../outbox.ts';
import { errorMessage, notMemberMessage } from '../replies.ts';
import { leaveSummary, leaveTeam } from './leave-team.ts';
import { asMember, findMember, type Member, managerOf, memberById, visibleOwnerIds } from './members.ts';

/** Slack shows at most 25 elements in an actions block; a team's reps fit in far fewer. */
const CHOICES = 6;

/** Who is asked: the leaver's manager, else an admin on the same platform. */
async function askWhom(deps: AppDeps, leaver: Member): Promise<Member | undefined> {
  const manager = await managerOf(deps, leaver);
  if (manager) return manager;
  const [admin] = await deps.db
    .select()
    .from(members)
    .where(and(eq(members.role, 'admin'), eq(members.active, true), eq(members.platform, leaver.platform)))
    .orderBy(asc(members.id))
    .limit(1);
  return admin ? asMember(admin, deps.defaults) : undefined;
}

/** The one asked first (a manager takes the book by default), then the active reps beside the leaver. */
async function candidates(deps: AppDeps, leaver: Member, asked: Member): Promise<Member[]> {
  const first = asked.role === 'admin' ? [] : [asked];
  if (leaver.managerId === null) return first;
  const peers = await deps.db
    .select()
    .from(members)
    .where(
      and(
        eq(members.managerId, leaver.managerId),
        eq(members.active, true),
        eq(members.role, 'rep'),
        ne(members.id, leaver.id),
      ),
    )
    .orderBy(asc(members.name))
    .limit(CHOICES);
  return [...first, ...peers.map((row) => asMember(row, deps.defaults))].slice(0, CHOICES);
}

/** A deactivation reported by the platform's directory: asks for the hand-over, once per member. */
export async function memberDeparted(deps: AppDeps, platform: Platform, userId: string): Promise<boolean> {
  const [row] = await deps.db
    .select()
    .from(members)
    .where(and(eq(members.platform, platform), eq(members.userId, userId), eq(members.active, true)));
  if (!row) return false;
  const leaver = asMember(row, deps.defaults);
  const asked = await askWhom(deps, leaver);
  if (!asked) {
    deps.logger.warn(
      { memberId: leaver.id },
      'a member left the workspace and nobody can hand their book over',
    );
    return false;
  }
  const [owned] = await deps.db
    .select({ n: count() })
    .from(customers)
    .where(eq(customers.ownerId, leaver.id));
  const t = catalog(asked.lang).leave;
  const choices = await candidates(deps, leaver, asked);
  const text = t.departed({ leaver: leaver.name, count: owned?.n ?? 0 });
  const buttons: Button[] = choices.map((to, index) => ({
    actionId: 'departure.handover',
    label: t.handOverTo({ name: to.name }),
    value: `${leaver.id}:${to.id}`,
    ...(index === 0 ? { style: 'primary' as const } : {}),
  }));
  const message: Message = {
    text,
    blocks: [
      { type: 'text', text },
      ...(buttons.length > 0 ? [{ type: 'actions' as const, buttons }] : []),
      { type: 'context', text: t.departedHint },
    ],
  };
  await enqueue(deps.db, [
    { key: `departed:${leaver.id}`, platform, target: { type: 'dm', userId: asked.userId }, message },
  ]);
  deps.outboxQueued();
  return true;
}

/** "Hand over to …" pressed: the same hand-over as the CLI, by someone above the leaver (or an admin). */
export async function handOverDeparted(deps: AppDeps, actor: Actor, value: string): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return notMemberMessage(deps, actor);
  const match = /^(\d{1,9}):(\d{1,9})$/.exec(value);
  const leaver = match ? await memberById(deps, Number(match[1])) : undefined;
  const to = match ? await memberById(deps, Number(match[2])) : undefined;
  if (!leaver || !to) return errorMessage(member, { code: 'request_not_found' });
  const team = await visibleOwnerIds(deps.db, member);
  if (member.role === 'rep' || (team !== 'all' && !team.includes(leaver.id)))
    return textMessage(catalog(member.lang).reassign.notAllowed());
  const result = await leaveTeam(deps, leaver, [to]);
  if (!result.ok) return errorMessage(member, result.error);
  return textMessage(leaveSummary(member.lang, leaver, result.value));
}
