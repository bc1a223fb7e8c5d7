/**
 * `/discount withdraw`: the rep's own requests still open, each with Withdraw — and, where an
 * approver answered with a counter-offer, with Accept and Decline too.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { approvalSteps, customers, discountRequests, members } from '../../db/schema.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import { type Block, type Message, textMessage } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember, type Member } from '../members/members.ts';
import { notMemberMessage } from '../replies.ts';
import { stepValue, withdrawButton } from './approval-message.ts';

const LIST_LIMIT = 20;

/** The word that makes `/discount` list what may be withdrawn (README, "Subcommands"). */
export function isWithdrawSubcommand(first: { text: string; quoted: boolean } | undefined): boolean {
  return first !== undefined && !first.quoted && /^(withdraw|撤回)$/i.test(first.text);
}

async function listFor(deps: AppDeps, member: Member): Promise<Message> {
  const c = catalog(member.lang);
  const approver = alias(members, 'approver');
  const rows = await deps.db
    .select({
      id: discountRequests.id,
      percent: discountRequests.percent,
      customer: customers.name,
      approver: approver.name,
      since: approvalSteps.pendingSince,
      stepNo: approvalSteps.stepNo,
      stepStatus: approvalSteps.status,
      counterPercent: approvalSteps.counterPercent,
    })
    .from(discountRequests)
    .innerJoin(customers, eq(customers.id, discountRequests.customerId))
    .innerJoin(
      approvalSteps,
      and(
        eq(approvalSteps.requestId, discountRequests.id),
        inArray(approvalSteps.status, ['pending', 'countered']),
      ),
    )
    .innerJoin(approver, eq(approver.id, approvalSteps.approverId))
    .where(and(eq(discountRequests.requesterId, member.id), eq(discountRequests.status, 'pending')))
    .orderBy(asc(discountRequests.id))
    .limit(LIST_LIMIT);
  if (rows.length === 0) return textMessage(c.withdraw.listNone);
  const blocks: Block[] = [{ type: 'text', text: c.withdraw.listHeader }];
  for (const row of rows) {
    if (row.stepStatus === 'countered') {
      const value = stepValue(row.id, row.stepNo);
      blocks.push({
        type: 'text',
        text: c.counter.listLine({
          id: row.id,
          asked: row.percent,
          customer: row.customer,
          percent: row.counterPercent ?? row.percent,
          by: row.approver,
        }),
      });
      blocks.push({
        type: 'actions',
        buttons: [
          { actionId: 'counter.accept', label: c.counter.accept, value, style: 'primary' },
          { actionId: 'counter.decline', label: c.counter.decline, value, style: 'danger' },
          withdrawButton(member.lang, row.id),
        ],
      });
      continue;
    }
    blocks.push({
      type: 'text',
      text: c.withdraw.listLine({
        id: row.id,
        percent: row.percent,
        customer: row.customer,
        approver: row.approver,
        since: row.since ? formatDateTime(row.since, member.zone) : '—',
      }),
    });
    blocks.push({ type: 'actions', buttons: [withdrawButton(member.lang, row.id)] });
  }
  return { text: c.withdraw.listHeader, blocks };
}

/** The list, answered privately. */
export async function ownPendingRequests(deps: AppDeps, actor: Actor): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  return listFor(deps, member);
}

/** After a withdrawal from the list: the list again, what was just done on top. */
export async function ownPendingRequestsAfter(deps: AppDeps, actor: Actor, done: Message): Promise<Message> {
  const list = await ownPendingRequests(deps, actor);
  return { text: done.text, blocks: [{ type: 'context', text: `✓ ${done.text}` }, ...list.blocks] };
}
