import { and, eq, sql } from 'drizzle-orm';
import { customers } from '../../db/schema.ts';
import { localDate } from '../../domain/dates.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { customerCard } from '../customers/customer-card.ts';
import { visibleCustomerById } from '../customers/find-customer.ts';
import { customerIdNotFound } from '../customers/visible-customer.ts';
import { findMember, memberById, visibleOwnerIds } from '../members/members.ts';
import { enqueue } from '../outbox.ts';
import { notRegisteredMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';

/**
 * Hands a stale account to someone else in the supervisor's team (换人跟进). The new owner is told,
 * with the account's card and history; the follow-up is due at once; the old owner is told too.
 */
export async function reassignCustomer(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
  newOwnerUserId: string,
): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return notRegisteredMessage(deps);
  const t = catalog(member.lang).reassign;
  // Handing accounts over is the supervisor's call (换人跟进), never the rep's.
  if (member.role === 'rep') return textMessage(t.notAllowed());
  const customer = await visibleCustomerById(deps, member, customerId);
  if (!customer) return customerIdNotFound(member, customerId);
  const newOwner = await findMember(deps, { platform: actor.platform, userId: newOwnerUserId });
  const team = await visibleOwnerIds(deps.db, member);
  if (!newOwner || (team !== 'all' && !team.includes(newOwner.id))) {
    return textMessage(t.notInTeam({ name: newOwner?.name ?? newOwnerUserId }));
  }
  if (newOwner.id === customer.ownerId)
    return textMessage(t.done({ customer: customer.name, owner: newOwner.name }));
  const oldOwner = await memberById(deps, customer.ownerId);
  const now = deps.clock.now();
  const today = localDate(now, newOwner.zone);
  const card = await customerCard(deps, newOwner, customer);
  const intro = catalog(newOwner.lang).reassign.newOwner({ by: member.name, customer: customer.name });
  const moved = await transaction(deps.db, async (tx) => {
    // Only from the owner we looked at: of two simultaneous picks, one hands the account over.
    const [updated] = await tx
      .update(customers)
      .set({ ownerId: newOwner.id, assignedOn: today, nextFollowUpOn: today, updatedAt: sql`now()` })
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
        before: { ownerId: customer.ownerId },
        after: { ownerId: newOwner.id },
      },
    ]);
    const key = `reassign:${customer.id}:${customer.ownerId}:${newOwner.id}`;
    await enqueue(tx, [
      {
        key: `${key}:new`,
        platform: actor.platform,
        target: { type: 'dm', userId: newOwner.userId },
        message: { text: intro, blocks: [{ type: 'text', text: intro }, ...card.blocks] },
      },
      ...(oldOwner && oldOwner.id !== member.id
        ? [
            {
              key: `${key}:old`,
              platform: actor.platform,
              target: { type: 'dm' as const, userId: oldOwner.userId },
              message: textMessage(
                catalog(oldOwner.lang).reassign.oldOwner({
                  by: member.name,
                  customer: customer.name,
                  owner: newOwner.name,
                }),
              ),
            },
          ]
        : []),
    ]);
    return true;
  });
  if (!moved) return textMessage(t.changedMeanwhile({ customer: customer.name }));
  deps.outboxQueued();
  return textMessage(t.done({ customer: customer.name, owner: newOwner.name }));
}
