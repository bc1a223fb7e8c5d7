/** `/approvals`: the steps waiting on a member, with their buttons. */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { approvalSteps, customers, discountRequests, members } from '../../db/schema.ts';
import type { DiscountReason } from '../../domain/vocabulary.ts';
import { catalog, formatDateTime, formatMoney } from '../../messages/i18n/index.ts';
import { type Block, type Message, textMessage } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { notMemberMessage } from '../replies.ts';
import { stepValue } from './approval-message.ts';
import { counterButton } from './counter-blocks.ts';

const LIST_LIMIT = 20;

/** `/approvals`: what waits on this member, oldest first, each with its buttons. */
export async function pendingApprovals(deps: AppDeps, actor: Actor): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  const c = catalog(member.lang);
  const rows = await deps.db
    .select({
      requestId: discountRequests.id,
      stepNo: approvalSteps.stepNo,
      percent: discountRequests.percent,
      amount: discountRequests.amount,
      reason: discountRequests.reason,
      customer: customers.name,
      requester: members.name,
      since: approvalSteps.pendingSince,
      total: sql<number>`count(*) over ()`,
    })
    .from(approvalSteps)
    .innerJoin(discountRequests, eq(discountRequests.id, approvalSteps.requestId))
    .innerJoin(customers, eq(customers.id, discountRequests.customerId))
    .innerJoin(members, eq(members.id, discountRequests.requesterId))
    .where(
      and(
        or(eq(approvalSteps.approverId, member.id), eq(approvalSteps.escalatedToId, member.id)),
        eq(approvalSteps.status, 'pending'),
      ),
    )
    .orderBy(asc(approvalSteps.pendingSince))
    .limit(LIST_LIMIT);
  if (rows.length === 0) return textMessage(c.approval.pendingNone);
  const { currency } = await loadSettings(deps.db);
  const total = Number(rows[0]!.total);
  const header = c.approval.pendingHeader({ count: total });
  const blocks: Block[] = [{ type: 'header', text: header }];
  for (const row of rows) {
    const value = stepValue(row.requestId, row.stepNo);
    blocks.push({
      type: 'text',
      text: [
        c.approval.header({ id: row.requestId, percent: row.percent, customer: row.customer }),
        `${row.requester} · ${c.reasons[row.reason as DiscountReason] ?? row.reason}${row.amount === null ? '' : ` · ${formatMoney(row.amount, currency, member.lang)}`}`,
        row.since ? c.approval.waitingSince({ since: formatDateTime(row.since, member.zone) }) : '',
      ]
        .filter(Boolean)
        .join('\n'),
    });
    blocks.push({
      type: 'actions',
      buttons: [
        { actionId: 'approval.approve', label: c.approval.approve, value, style: 'primary' },
        { actionId: 'approval.reject', label: c.approval.reject, value, style: 'danger' },
        counterButton(member.lang, value),
      ],
    });
  }
  if (total > rows.length)
    blocks.push({ type: 'context', text: c.customer.more({ count: total - rows.length }) });
  return { text: header, blocks };
}

/** After a decision taken from the `/approvals` list: the list again, what was just done on top. */
export async function pendingApprovalsAfter(deps: AppDeps, actor: Actor, done: Message): Promise<Message> {
  const list = await pendingApprovals(deps, actor);
  return { text: done.text, blocks: [{ type: 'context', text: `✓ ${done.text}` }, ...list.blocks] };
}

/** How many approval steps wait for a decision, and how long the oldest has waited (for the metrics). */
export async function pendingApprovalHealth(db: Db): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*)::int`,
      oldest: sql<number | null>`extract(epoch from (now() - min(${approvalSteps.pendingSince})))::float8`,
    })
    .from(approvalSteps)
    .where(eq(approvalSteps.status, 'pending'));
  return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
}
