/**
 * Handing a stale account to someone else in the supervisor's team (换人跟进; README, "Morning
 * messages"). Picking a rep in the team digest asks first — who to whom — and only the confirmation
 * moves the account: the new owner gets the account as it now stands (their name, its new due date),
 * the old owner is told, and the digest line says it was handed over instead of offering the picker.
 */
import { and, eq, sql } from 'drizzle-orm';
import { customers } from '../../db/schema.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { customerCard } from '../customers/customer-card.ts';
import { visibleCustomerById } from '../customers/find-customer.ts';
import { firstDueDate } from '../customers/first-due.ts';
import { customerIdNotFound } from '../customers/visible-customer.ts';
import { redrawHomes } from '../home/home-refresh.ts';
import { findMember, type Member, memberById, visibleOwnerIds } from '../members/members.ts';
import { calendarOf, loadSettings } from '../members/team-settings.ts';
import { enqueue, type OutboxItem } from '../outbox.ts';
import { notMemberMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';
import { strikeDigestLine } from './digest-line.ts';

/** The picker's value: the customer, and the digest it sits in (absent in digests of earlier versions). */
function parsePicked(value: string): { customerId: number; digestKey?: string } | undefined {
  const match = /^(\d{1,9})(?:\|(digest:[\w:-]{1,120}))?$/.exec(value);
  if (!match) return undefined;
  return { customerId: Number(match[1]), ...(match[2] ? { digestKey: match[2] } : {}) };
}

type HandOver = { customerId: number; fromId: number; toId: number; digestKey?: string };

const handOverValue = (h: HandOver) =>
  `${h.customerId}:${h.fromId}:${h.toId}${h.digestKey ? `|${h.digestKey}` : ''}`;

function parseHandOver(value: string): HandOver | undefined {
  const match = /^(\d{1,9}):(\d{1,9}):(\d{1,9})(?:\|(digest:[\w:-]{1,120}))?$/.exec(value);
  if (!match) return undefined;
  return {
    customerId: Number(match[1]),
    fromId: Number(match[2]),
    toId: Number(match[3]),
    ...(match[4] ? { digestKey: match[4] } : {}),
  };
}

type Checked =
  | {
      ok: true;
      member: Member;
      customer: NonNullable<Awaited<ReturnType<typeof visibleCustomerById>>>;
      to: Member;
    }
  | { ok: false; message: Message };

/** A supervisor (or above) hands a customer they can see to an active rep of their team. */
async function check(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
  to: Member | undefined,
  toLabel: string,
) {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, message: await notMemberMessage(deps, actor) } satisfies Checked;
  const t = catalog(member.lang).reassign;
  // Handing accounts over is the supervisor's call (换人跟进), never the rep's.
  if (member.role === 'rep') return { ok: false, message: textMessage(t.notAllowed()) } satisfies Checked;
  const customer = await visibleCustomerById(deps, member, customerId);
  if (!customer) return { ok: false, message: customerIdNotFound(member, customerId) } satisfies Checked;
  const team = await visibleOwnerIds(deps.db, member);
  if (!to?.active || to.role !== 'rep' || (team !== 'all' && !team.includes(to.id))) {
    return { ok: false, message: textMessage(t.notInTeam({ name: to?.name ?? toLabel })) } satisfies Checked;
  }
  return { ok: true, member, customer, to } satisfies Checked;
}

/** A rep picked beside a stale account: asks "hand <customer> from <owner> to <rep>?" before anything moves. */
export async function proposeHandOver(
  deps: AppDeps,
  actor: Actor,
  pickerValue: string,
  newOwnerUserId: string,
): Promise<Message> {
  const picked = parsePicked(pickerValue);
  if (!picked) return textMessage(catalog(deps.defaults.locale).errors.request_not_found());
  const to = await findMember(deps, { platform: actor.platform, userId: newOwnerUserId });
  const checked = await check(deps, actor, picked.customerId, to, newOwnerUserId);
  if (!checked.ok) return checked.message;
  const { member, customer } = checked;
  const t = catalog(member.lang).reassign;
  const from = await memberById(deps, customer.ownerId);
  if (checked.to.id === customer.ownerId)
    return textMessage(t.alreadyTheirs({ customer: customer.name, owner: checked.to.name }));
  const question = t.confirm({ customer: customer.name, from: from?.name ?? '—', to: checked.to.name });
  const value = handOverValue({ ...picked, fromId: customer.ownerId, toId: checked.to.id });
  return {
    text: question,
    blocks: [
      { type: 'text', text: question },
      {
        type: 'actions',
        buttons: [
          { actionId: 'handover.confirm', label: t.confirmButton, value, style: 'primary' },
          { actionId: 'handover.cancel', label: t.cancelButton, value },
        ],
      },
    ],
  };
}

export function cancelHandOver(deps: AppDeps, locale = deps.defaults.locale): Message {
  return textMessage(catalog(locale).reassign.cancelled);
}

/** The confirmation: the account moves — only from the owner the question named, so a stale question moves nothing. */
export async function confirmHandOver(deps: AppDeps, actor: Actor, value: string): Promise<Message> {
  const handOver = parseHandOver(value);
  if (!handOver) return textMessage(catalog(deps.defaults.locale).errors.request_not_found());
  const to = await memberById(deps, handOver.toId);
  const checked = await check(deps, actor, handOver.customerId, to, String(handOver.toId));
  if (!checked.ok) return checked.message;
  const { member, customer, to: newOwner } = checked;
  const t = catalog(member.lang).reassign;
  if (customer.ownerId !== handOver.fromId) {
    return customer.ownerId === newOwner.id
      ? textMessage(t.alreadyTheirs({ customer: customer.name, owner: newOwner.name }))
      : textMessage(t.changedMeanwhile({ customer: customer.name }));
  }
  const oldOwner = await memberById(deps, customer.ownerId);
  const now = deps.clock.now();
  const calendar = calendarOf(await loadSettings(deps.db));
  // The new owner has a day to read the history first (README, "Follow-ups").
  const { assignedOn: today, due } = firstDueDate(newOwner.zone, now, calendar);
  const moved = { ...customer, ownerId: newOwner.id, assignedOn: today, nextFollowUpOn: due };
  const card = await customerCard(deps, newOwner, moved);
  const intro = catalog(newOwner.lang).reassign.newOwner({ by: member.name, customer: customer.name });
  const key = `reassign:${customer.id}:${customer.ownerId}:${newOwner.id}`;
  const items: OutboxItem[] = [
    {
      key: `${key}:new`,
      platform: actor.platform,
      target: { type: 'dm', userId: newOwner.userId },
      message: { text: intro, blocks: [{ type: 'text', text: intro }, ...card.blocks] },
    },
  ];
  if (oldOwner && oldOwner.id !== member.id) {
    items.push({
      key: `${key}:old`,
      platform: actor.platform,
      target: { type: 'dm', userId: oldOwner.userId },
      message: textMessage(
        catalog(oldOwner.lang).reassign.oldOwner({
          by: member.name,
          customer: customer.name,
          owner: newOwner.name,
        }),
      ),
    });
  }
  const done = transaction(deps.db, async (tx) => {
    // Only from the owner we looked at: of two simultaneous confirmations, one hands the account over.
    const [updated] = await tx
      .update(customers)
      .set({ ownerId: newOwner.id, assignedOn: today, nextFollowUpOn: due, updatedAt: sql`now()` })
      .where(and(eq(customers.id, customer.id), eq(customers.ownerId, customer.ownerId)))
      .returning({ id: customers.id });
    if (!updated) return false;
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: 'customer.reassigned',
        entity: 'customer',
        entityId: customer.id,
        before: { ownerId: customer.ownerId, nextFollowUpOn: customer.nextFollowUpOn },
        after: { ownerId: newOwner.id, nextFollowUpOn: due },
      },
    ]);
    await enqueue(tx, items);
    await redrawHomes(tx, [member.id, customer.ownerId, newOwner.id]);
    if (handOver.digestKey) {
      const line = t.handedLine({ customer: customer.name, owner: newOwner.name, by: member.name });
      await strikeDigestLine(tx, handOver.digestKey, customer.id, `✓ ${line}`);
    }
    return true;
  });
  if (!(await done)) return textMessage(t.changedMeanwhile({ customer: customer.name }));
  deps.outboxQueued();
  return textMessage(t.done({ customer: customer.name, owner: newOwner.name, due }));
}
