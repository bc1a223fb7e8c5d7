/**
 * Filing a discount request: routed by the team's policy and the deal's history (docs/domain.md,
 * "Deals"), stored with the messages it causes in one transaction, replacing the deal's request
 * that was still waiting.
 */
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { approvalSteps, discountRequests } from '../../db/schema.ts';
import type { EarlierApproval } from '../../domain/deal-rules.ts';
import { type DealKey, type DealRoute, type RoutingWhy, routeOnDeal } from '../../domain/deal-rules.ts';
import { routeDiscount } from '../../domain/discount-policy.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import { audit } from '../audit.ts';
import type { AppDeps } from '../context.ts';
import type { Customer } from '../customers/find-customer.ts';
import { redrawHomes } from '../home/home-refresh.ts';
import { type Member, managerOf, memberById } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';
import { transaction } from '../transaction.ts';
import { currentFingerprint, fingerprintOf, type LoadedRequest, loadRequest } from './approval-request.ts';
import { recentDiscounts } from './approval-routing.ts';
import { dealHistory, pendingOnDeal } from './deal-history.ts';
import { type Assignment, assignApprovers } from './delegate-steps.ts';
import type { DiscountFields } from './filing-notifications.ts';
import {
  type Filing,
  filingAudit,
  filingMessages,
  replacementMessages,
  requestValues,
  stepValues,
  supersededAudit,
} from './filing-plan.ts';

export type { DiscountFields } from './filing-notifications.ts';

export type Submitted =
  | {
      kind: 'auto';
      requestId: number;
      manager?: Member;
      earlier?: EarlierApproval;
      /** Pending requests of the same deal this one replaced. */
      replaced: number[];
    }
  | {
      kind: 'routed';
      requestId: number;
      approver: Member;
      second?: Member;
      why?: RoutingWhy;
      /** The first approver is away: `approver` decides in their place. */
      onBehalfOf?: Member;
      replaced: number[];
    }
  | { kind: 'replay' };

/** One filing at a time per customer: the deal rules count what the others filed (limits, supersession). */
const CUSTOMER_LOCK = 0x44697363; // "Disc"

type Chain = { ok: true; assigned: Assignment[] } | { ok: false; code: ErrorCode };

/**
 * Who may decide, worked out before the transaction (the away rules read members and their leave):
 * the manager alone, the manager and theirs, or the approver who rejected the deal last.
 */
type Candidates = {
  one: Assignment[] | undefined;
  two: Assignment[] | undefined;
  rejecter?: { id: number; assigned: Assignment[] | undefined };
};

export async function candidatesFor(
  deps: AppDeps,
  member: Member,
  line: { manager: Member | undefined; second: Member | undefined },
  rejecterId: number | undefined,
  at: Date,
): Promise<Candidates> {
  const { manager, second } = line;
  const valid = (people: (Member | undefined)[]): people is Member[] =>
    people.every((person) => person !== undefined && person.id !== member.id);
  const assign = (people: (Member | undefined)[]) =>
    valid(people) ? assignApprovers(deps, member, people, at) : Promise.resolve(undefined);
  const candidates: Candidates = { one: await assign([manager]), two: await assign([manager, second]) };
  if (rejecterId !== undefined) {
    const rejecter = await memberById(deps, rejecterId);
    if (rejecter?.active) candidates.rejecter = { id: rejecterId, assigned: await assign([rejecter]) };
  }
  return candidates;
}

/** Who decides, step by step, for the route the deal rules chose; never the requester. */
export function chainFor(route: DealRoute, candidates: Candidates): Chain {
  if (route.kind !== 'chain') return { ok: true, assigned: [] };
  // The person who said no hears the next ask on the deal, with their rejection beside it.
  const rejecter =
    route.why?.kind === 'rejected_before' && route.levels === 1 && candidates.rejecter?.id === route.why.byId
      ? candidates.rejecter.assigned
      : undefined;
  const assigned = rejecter ?? (route.levels === 1 ? candidates.one : candidates.two);
  return assigned ? { ok: true, assigned } : { ok: false, code: 'no_approver' };
}

/**
 * How a request is filed: whether the rep is also told by DM (a form has no private answer), and the
 * number the hot path took for it before leaving it to this path (discount-round-trip.ts).
 */
export type FilingOptions = { confirmByDm: boolean; reservedId?: number };

/** Routes a valid request and stores it with its notifications in one transaction. */
export async function submitDiscount(
  deps: AppDeps,
  member: Member,
  customer: Customer,
  fields: DiscountFields,
  sourceKey: string,
  options: FilingOptions,
  attempt = 1,
): Promise<Result<Submitted>> {
  const { confirmByDm, reservedId } = options;
  const settings = await loadSettings(deps.db);
  const policy = settings.discountPolicy;
  const sized = routeDiscount(fields.percent, policy);
  if (sized.kind === 'refused')
    return fail('over_policy', { percent: fields.percent, ceiling: sized.ceiling });
  const manager = await managerOf(deps, member);
  const second = manager ? await managerOf(deps, manager) : undefined;
  const now = deps.clock.now();
  const deal: DealKey = { customerId: customer.id, ref: fields.deal ?? null, amount: fields.amount ?? null };
  const recent = await recentDiscounts(deps.db, customer.id, now);
  // The deal's last rejection, read ahead only to know whom to ask; the rules run again under the lock.
  const ahead = await dealHistory(deps.db, deal, member.id, now, policy);
  const candidates = await candidatesFor(deps, member, { manager, second }, ahead.rejected?.byId, now);
  // Loaded before the transaction (their messages are redrawn); each is closed only if still pending.
  const replaceable = (
    await Promise.all((await pendingOnDeal(deps.db, deal)).map((id) => loadRequest(deps, id)))
  ).filter((loaded): loaded is LoadedRequest => loaded !== undefined);
  // Managers an overdue step of those was escalated to hold a copy of its message: it is redrawn too.
  const escalatedTo = new Map<number, Member>();
  for (const id of new Set(replaceable.flatMap((r) => r.steps.map((s) => s.escalatedToId)))) {
    const manager = id === null ? undefined : await memberById(deps, id);
    if (manager) escalatedTo.set(manager.id, manager);
  }

  const result = await transaction(
    deps.db,
    async (tx): Promise<Submitted | { kind: 'error'; code: ErrorCode } | { kind: 'stale' }> => {
      await tx.execute(sql`select pg_advisory_xact_lock(${CUSTOMER_LOCK}, ${customer.id})`);
      // The deal's pending requests were read before the lock: if another filing, a decision or a move
      // changed them meanwhile, read again and start over, so none is left pending or drawn stale.
      const pendingNow = await pendingOnDeal(tx, deal);
      const snapshot = replaceable.map((r) => r.request.id);
      if (
        pendingNow.length !== snapshot.length ||
        pendingNow.some((id) => !snapshot.includes(id)) ||
        (await currentFingerprint(tx, snapshot)) !== fingerprintOf(replaceable)
      )
        return { kind: 'stale' };
      const route = routeOnDeal(fields.percent, policy, await dealHistory(tx, deal, member.id, now, policy));
      if (route.kind === 'refused') return { kind: 'error', code: 'over_policy' };
      const chain = chainFor(route, candidates);
      if (!chain.ok) return { kind: 'error', code: chain.code };
      const filing: Filing = {
        member,
        customer,
        fields,
        route,
        assigned: chain.assigned,
        manager,
        policy,
        currency: settings.currency,
        now,
        sourceKey,
        confirmByDm,
      };
      const id = await numberToFileUnder(tx, reservedId);
      const [request] = await tx
        .insert(discountRequests)
        .values({ ...(id === undefined ? {} : { id }), ...requestValues(filing) })
        .onConflictDoNothing({ target: discountRequests.sourceKey })
        .returning({ id: discountRequests.id });
      if (!request) return { kind: 'replay' };
      const replaced = await supersede(tx, replaceable, request.id, now);
      const replacedIds = replaced.map((loaded) => loaded.request.id);
      const { closures, recentNow } = replacementMessages(filing, replaced, request.id, recent, escalatedTo);
      await audit(tx, [
        filingAudit(filing, request.id, replacedIds),
        ...replaced.map((loaded) => supersededAudit(filing, loaded, request.id)),
      ]);
      const steps = stepValues(filing, request.id);
      if (steps.length > 0) await tx.insert(approvalSteps).values(steps);
      const { items, homes } = filingMessages(filing, request.id, recentNow);
      await enqueue(tx, [...closures, ...items]);
      await redrawHomes(tx, homes);
      return submittedAs(filing, request.id, replacedIds);
    },
  );
  if (result.kind === 'stale') {
    if (attempt < 3) return submitDiscount(deps, member, customer, fields, sourceKey, options, attempt + 1);
    return fail('internal');
  }
  if (result.kind === 'error') return fail(result.code, { percent: fields.percent });
  if (result.kind !== 'replay') deps.outboxQueued();
  return ok(result);
}

/**
 * The number the hot path took, while no later one is filed (under the customer's lock): numbers
 * follow the order requests were filed, so a replacing request never bears a smaller number than
 * the one it replaces. Otherwise a new one, and the number taken is left unused.
 */
async function numberToFileUnder(tx: Db, reservedId: number | undefined): Promise<number | undefined> {
  if (reservedId === undefined) return undefined;
  const later = await tx
    .select({ id: discountRequests.id })
    .from(discountRequests)
    .where(gt(discountRequests.id, reservedId))
    .limit(1);
  return later.length === 0 ? reservedId : undefined;
}

/** What the rep is told was done: approved at once, or with whom the request waits. */
export function submittedAs(filing: Filing, requestId: number, replaced: number[]): Submitted {
  const { route, manager } = filing;
  if (route.kind === 'auto') {
    return {
      kind: 'auto',
      requestId,
      replaced,
      ...(manager ? { manager } : {}),
      ...(route.basis === 'reapproval' ? { earlier: route.earlier } : {}),
    };
  }
  const [first, next] = filing.assigned as [Assignment, Assignment | undefined];
  return {
    kind: 'routed',
    requestId,
    approver: first.approver,
    replaced,
    ...(next ? { second: next.approver } : {}),
    ...(first.onBehalfOf ? { onBehalfOf: first.onBehalfOf } : {}),
    ...(route.why ? { why: route.why } : {}),
  };
}

/** Closes the deal's requests still pending as replaced by `byId`; returns those it closed. */
async function supersede(
  tx: Db,
  candidates: LoadedRequest[],
  byId: number,
  now: Date,
): Promise<LoadedRequest[]> {
  const closed: LoadedRequest[] = [];
  for (const loaded of candidates) {
    const [row] = await tx
      .update(discountRequests)
      .set({ status: 'superseded', supersededById: byId, decidedAt: now })
      .where(and(eq(discountRequests.id, loaded.request.id), eq(discountRequests.status, 'pending')))
      .returning({ id: discountRequests.id });
    if (!row) continue;
    await tx
      .update(approvalSteps)
      .set({ status: 'cancelled' })
      .where(
        and(
          eq(approvalSteps.requestId, loaded.request.id),
          inArray(approvalSteps.status, ['pending', 'waiting']),
        ),
      );
    closed.push(loaded);
  }
  return closed;
}
