/** The discount part of the customer card: what a key-account manager checks before the next price talk. */
import { and, desc, eq, gte, or, sql } from 'drizzle-orm';
import { discountRequests } from '../../db/schema.ts';
import { localDate } from '../../domain/dates.ts';
import { discountHistorySince } from '../../domain/discount-policy.ts';
import { catalog, formatMoney } from '../../messages/i18n/index.ts';
import type { AppDeps } from '../context.ts';
import type { Member } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';

const HISTORY_LINES = 10;

type HistoryRow = {
  id: number;
  createdAt: Date;
  percent: number;
  amount: number | null;
  status: string;
  decider: string | null;
  holder: string | null;
  closer: string | null;
};

/**
 * The customer's discounts of the last twelve months, newest first, each with its outcome and who
 * decided it; an open request says who has it now. Open requests are picked before decided ones
 * (whatever their age), so "and N more" never hides one that still waits on someone.
 */
export async function discountHistoryText(
  deps: AppDeps,
  member: Member,
  customerId: number,
): Promise<string> {
  const c = catalog(member.lang);
  const t = c.customer;
  const open = eq(discountRequests.status, 'pending');
  const rows = await deps.db
    .select({
      id: discountRequests.id,
      createdAt: discountRequests.createdAt,
      percent: discountRequests.percent,
      amount: discountRequests.amount,
      status: discountRequests.status,
      // The decision that ended the request: the last step decided (for a rejection, the rejecting one).
      // The outer table is named in full: drizzle leaves columns of a one-table select unqualified.
      decider: sql<string | null>`(
        select m.name from approval_steps s join members m on m.id = s.decided_by_id
        where s.request_id = discount_requests.id and s.status in ('approved', 'rejected')
        order by s.step_no desc limit 1)`,
      holder: sql<string | null>`(
        select m.name from approval_steps s join members m on m.id = s.approver_id
        where s.request_id = discount_requests.id and s.status = 'pending'
        order by s.step_no limit 1)`,
      closer: sql<string | null>`(select m.name from members m where m.id = discount_requests.closed_by_id)`,
      total: sql<number>`count(*) over ()`,
    })
    .from(discountRequests)
    .where(
      and(
        eq(discountRequests.customerId, customerId),
        or(gte(discountRequests.createdAt, discountHistorySince(deps.clock.now())), open),
      ),
    )
    .orderBy(desc(open), desc(discountRequests.createdAt), desc(discountRequests.id))
    .limit(HISTORY_LINES);
  if (rows.length === 0) return [t.discounts, t.noDiscounts].join('\n');
  const newestFirst = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  const { currency } = await loadSettings(deps.db);
  const lines = newestFirst.map((row) => historyLine(member, row, currency));
  const hidden = Number(rows[0]!.total) - rows.length;
  if (hidden > 0) lines.push(t.more({ count: hidden }));
  return [t.discounts, ...lines].join('\n');
}

function historyLine(member: Member, row: HistoryRow, currency: string): string {
  const c = catalog(member.lang);
  const t = c.customer;
  // A status added later (withdrawn, …) shows as stored rather than failing the whole card.
  const outcome = c.outcomes[row.status as keyof typeof c.outcomes] ?? row.status;
  let result = outcome;
  if (row.status === 'auto_approved') result = t.automatic({ outcome });
  else if ((row.status === 'approved' || row.status === 'rejected') && row.decider)
    result = t.decidedBy({ outcome, by: row.decider });
  else if (row.status === 'withdrawn' && row.closer) result = t.decidedBy({ outcome, by: row.closer });
  else if (row.status === 'pending' && row.holder)
    result = t.waitingFor({ outcome, approver: row.holder, id: row.id });
  return t.discountLine({
    date: localDate(row.createdAt, member.zone),
    percent: row.percent,
    amount:
      row.amount === null
        ? ''
        : c.money.discountAmount({ amount: formatMoney(row.amount, currency, member.lang) }),
    outcome: result,
  });
}
