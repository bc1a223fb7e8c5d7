/** Where approval messages go and what the rep is told while a request waits. */
import { and, desc, eq, gte, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { discountRequests } from '../../db/schema.ts';
import { discountHistorySince } from '../../domain/discount-policy.ts';
import { catalog } from '../../messages/i18n/index.ts';
import type { Actor } from '../context.ts';
import type { Member } from '../members/members.ts';
import type { OutboxItem } from '../outbox.ts';
import { type RecentDiscount, withdrawButton } from './approval-message.ts';

/** Earlier requests the approval message lists. */
export const RECENT_SHOWN = 5;

export async function recentDiscounts(
  db: Db,
  customerId: number,
  now: Date,
  exceptId = 0,
): Promise<RecentDiscount[]> {
  const since = discountHistorySince(now);
  return db
    .select({
      id: discountRequests.id,
      createdAt: discountRequests.createdAt,
      percent: discountRequests.percent,
      status: discountRequests.status,
    })
    .from(discountRequests)
    .where(
      and(
        eq(discountRequests.customerId, customerId),
        gte(discountRequests.createdAt, since),
        ne(discountRequests.id, exceptId),
      ),
    )
    .orderBy(desc(discountRequests.createdAt))
    .limit(RECENT_SHOWN);
}

export const approvalKey = (requestId: number, stepNo: number) => `approval:${requestId}:${stepNo}`;

/**
 * A group conversation of the rep and the approver (and, for a later step, those who decided the
 * earlier ones): its thread is where they discuss the request. Lark names the group it creates.
 */
export function approvalTarget(
  requester: Member,
  approver: Member,
  earlier: Member[] = [],
): OutboxItem['target'] {
  const people = [...new Map([requester, ...earlier, approver].map((m) => [m.userId, m])).values()];
  return {
    type: 'group',
    userIds: people.map((m) => m.userId),
    fallbackUserId: approver.userId,
    name: `AccountDesk · ${people.map((m) => m.name).join(' & ')}`,
  };
}

/** A DM to the rep saying who has the request now, linking to the approval message. */
export function waitingNotice(
  requester: Member,
  requestId: number,
  stepNo: number,
  text: string,
): OutboxItem {
  return {
    key: `discount:${requestId}:waiting:${stepNo}`,
    platform: requester.platform as Actor['platform'],
    target: { type: 'dm', userId: requester.userId },
    message: {
      text,
      blocks: [
        { type: 'text', text },
        { type: 'actions', buttons: [withdrawButton(requester.lang, requestId)] },
        {
          type: 'permalink',
          label: catalog(requester.lang).discount.openApproval,
          outboxKey: approvalKey(requestId, stepNo),
        },
      ],
    },
  };
}

/**
 * Once a request is closed, the rep's "waiting for …" notice loses its Withdraw button and says
 * what became of the request (`outcome`, one line in the rep's language).
 */
export function closedWaitingNotice(
  loaded: { request: { id: number; percent: number }; requester: Member; customer: { name: string } } & {
    steps: { approver: Member; messageKey: string | null }[];
  },
  outcome: string,
): OutboxItem {
  const { request, requester } = loaded;
  const t = catalog(requester.lang).discount;
  const text = t.waitingLink({
    id: request.id,
    percent: request.percent,
    customer: loaded.customer.name,
    approver: loaded.steps[0]?.approver.name ?? '—',
  });
  return {
    key: `discount:${request.id}:closed:waiting-notice`,
    platform: requester.platform as Actor['platform'],
    target: { type: 'update', parentKey: `discount:${request.id}:waiting:1` },
    message: {
      text,
      blocks: [
        { type: 'text', text },
        { type: 'context', text: outcome },
        // Step 1's message now: a step handed to a delegate has a message of its own.
        {
          type: 'permalink',
          label: t.openApproval,
          outboxKey: loaded.steps[0]?.messageKey ?? approvalKey(request.id, 1),
        },
      ],
    },
  };
}
