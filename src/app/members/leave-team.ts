/**
 * A member leaves the team (README, "A rep leaves"; docs/domain.md): the account belongs to the
 * company, not to the person — every customer they owned passes to a new owner and is called back
 * (离司业务员客户100%回访), their reports move up, their open requests are withdrawn, and requests
 * waiting on them move up the reporting line, so nothing is left with an inactive member.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Locale } from '../../config.ts';
import { customers, discountRequests, members } from '../../db/schema.ts';
import { localDate } from '../../domain/dates.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import { callbackDates, dealOut } from '../../domain/hand-over.ts';
import type { Catalog } from '../../messages/i18n/en.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Block, textMessage } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { AppDeps, Platform } from '../context.ts';
import { loadRequest } from '../discounts/approval-request.ts';
import { moveStepsOfLeaver } from '../discounts/delegate-steps.ts';
import { closeAsWithdrawn } from '../discounts/withdraw-discount.ts';
import { enqueue, type OutboxItem } from '../outbox.ts';
import { dateArray, intArray } from '../sql-arrays.ts';
import { transaction } from '../transaction.ts';
import { type Member, managerOf } from './members.ts';
import { calendarOf, loadSettings } from './team-settings.ts';

/** The new owner's message lists this many customers; /followups has them all. */
const LISTED = 30;

export type Handed = { owner: Member; customers: { name: string; tier: string; due: string }[] };

export type LeaveOutcome = {
  /** False when they had already left: only what a crash may have left undone was finished. */
  left: boolean;
  handed: Handed[];
  reports: number;
  reportsTo: Member | undefined;
  withdrawn: number;
  moved: number;
};

/** Who takes over: those named, else the leaver's manager; never the leaver, never someone inactive. */
async function newOwners(deps: AppDeps, leaver: Member, to: readonly Member[]): Promise<Result<Member[]>> {
  for (const member of to) {
    if (member.id === leaver.id) return fail('leave_to_self', { member: member.name });
    if (!member.active) return fail('leave_to_inactive', { member: member.name });
  }
  if (to.length > 0) return ok([...new Map(to.map((m) => [m.id, m])).values()]);
  const manager = await managerOf(deps, leaver);
  return manager ? ok([manager]) : fail('leave_no_owner', { member: leaver.name });
}

export async function leaveTeam(
  deps: AppDeps,
  leaver: Member,
  to: readonly Member[] = [],
): Promise<Result<LeaveOutcome>> {
  const owners = await newOwners(deps, leaver, to);
  if (!owners.ok) return owners;
  const settings = await loadSettings(deps.db);
  const calendar = calendarOf(settings);
  const now = deps.clock.now();
  const reportsTo = owners.value[0]!;
  const done = await transaction(deps.db, async (tx) => {
    // The member row is the lock: of two runs, one hands the book over; the other finds it done.
    const [gone] = await tx
      .update(members)
      .set({ active: false, awayFrom: null, awayUntil: null, delegateId: null, updatedAt: sql`now()` })
      .where(and(eq(members.id, leaver.id), eq(members.active, true)))
      .returning({ id: members.id });
    if (!gone) return undefined;
    const book = await tx
      .select({ id: customers.id, name: customers.name, tier: customers.tier })
      .from(customers)
      .where(eq(customers.ownerId, leaver.id))
      .orderBy(asc(customers.id))
      .for('update');
    const hands = dealOut(book, owners.value.length);
    const handed: Handed[] = [];
    const ownerOf = new Map<number, number>();
    const moves = {
      ids: [] as number[],
      owners: [] as number[],
      assigned: [] as string[],
      due: [] as string[],
    };
    for (const [index, hand] of hands.entries()) {
      const owner = owners.value[index]!;
      const today = localDate(now, owner.zone);
      const dates = callbackDates(hand.length, settings.handover.callbacksPerDay, today, calendar);
      for (const [n, customer] of hand.entries()) {
        ownerOf.set(customer.id, owner.id);
        moves.ids.push(customer.id);
        moves.owners.push(owner.id);
        moves.assigned.push(today);
        moves.due.push(dates[n]!);
      }
      handed.push({ owner, customers: hand.map((c, n) => ({ name: c.name, tier: c.tier, due: dates[n]! })) });
    }
    // One statement for the whole book, however big: a leaver with 2,000 accounts is one round trip.
    if (moves.ids.length > 0) {
      await tx.execute(sql`
        update customers set owner_id = v.owner_id, assigned_on = v.assigned_on,
          next_follow_up_on = v.due, callback_due_on = v.due, callback_done_on = null, updated_at = now()
        from unnest(${intArray(moves.ids)}, ${intArray(moves.owners)}, ${dateArray(moves.assigned)}, ${dateArray(moves.due)})
          as v(id, owner_id, assigned_on, due)
        where customers.id = v.id`);
    }
    const reports = await tx
      .update(members)
      .set({ managerId: reportsTo.id, updatedAt: sql`now()` })
      .where(and(eq(members.managerId, leaver.id), ne(members.id, reportsTo.id)))
      .returning({ id: members.id });
    await audit(tx, [
      {
        at: now,
        actorId: null,
        action: 'member.left',
        entity: 'member',
        entityId: leaver.id,
        before: { active: true, managerId: leaver.managerId },
        after: {
          active: false,
          customers: Object.fromEntries(handed.map((h) => [h.owner.id, h.customers.length])),
          reportsMovedTo: reports.length > 0 ? reportsTo.id : null,
        },
      },
      ...book.map((customer) => ({
        at: now,
        actorId: null,
        action: 'customer.handed_over',
        entity: 'customer' as const,
        entityId: customer.id,
        before: { ownerId: leaver.id },
        after: { ownerId: ownerOf.get(customer.id), reason: 'member.left' },
      })),
    ]);
    await enqueue(tx, handedMessages(leaver, handed));
    return { handed, reports: reports.length };
  });
  // Outside the hand-over: each is exactly-once on its own, and a second run finishes what a crash left.
  const withdrawn = await withdrawOpenRequests(deps, leaver);
  const moved = await moveStepsOfLeaver(deps, leaver, now);
  if (done) deps.outboxQueued();
  return ok({
    left: done !== undefined,
    handed: done?.handed ?? [],
    reports: done?.reports ?? 0,
    reportsTo: done && done.reports > 0 ? reportsTo : undefined,
    withdrawn,
    moved,
  });
}

function handedMessages(leaver: Member, handed: readonly Handed[]): OutboxItem[] {
  return handed
    .filter((hand) => hand.customers.length > 0)
    .map(({ owner, customers: book }) => {
      const t = catalog(owner.lang).leave;
      const intro = t.handedIntro({ leaver: leaver.name, count: book.length });
      const lines = book
        .slice(0, LISTED)
        .map((c) => t.handedLine({ customer: c.name, tier: c.tier, due: c.due }));
      if (book.length > LISTED) lines.push(t.handedMore({ count: book.length - LISTED }));
      const blocks: Block[] = [
        { type: 'text', text: intro },
        { type: 'text', text: lines.join('\n') },
      ];
      return {
        key: `left:${leaver.id}:to:${owner.id}`,
        platform: owner.platform as Platform,
        target: { type: 'dm' as const, userId: owner.userId },
        message: { ...textMessage(intro), blocks },
      };
    });
}

/** The leaver's requests still open are withdrawn in their name, with the reason said. */
async function withdrawOpenRequests(deps: AppDeps, leaver: Member): Promise<number> {
  const open = await deps.db
    .select({ id: discountRequests.id })
    .from(discountRequests)
    .where(and(eq(discountRequests.requesterId, leaver.id), eq(discountRequests.status, 'pending')));
  // Said to each reader in their language; recorded in the team's.
  const note = (c: Catalog) => c.leave.withdrawnNote({ leaver: leaver.name });
  let withdrawn = 0;
  for (const { id } of open) {
    // A step decided or moved meanwhile: read it again (as a withdrawal from chat does).
    for (let attempt = 1; attempt <= 3; attempt++) {
      const loaded = await loadRequest(deps, id);
      if (loaded?.request.status !== 'pending') break;
      const { won } = await closeAsWithdrawn(deps, leaver, loaded, note);
      if (won === true) withdrawn++;
      if (won !== 'stale') break;
    }
  }
  if (withdrawn > 0) deps.outboxQueued();
  return withdrawn;
}

/** What a leave did, in one line: the CLI prints it, and the one who confirmed it in chat reads it. */
export function leaveSummary(locale: Locale, leaver: Member, outcome: LeaveOutcome): string {
  const t = catalog(locale).leave;
  const { handed, reports, reportsTo, withdrawn, moved } = outcome;
  if (!outcome.left) return t.already({ leaver: leaver.name, withdrawn, moved });
  const given = handed.filter((h) => h.customers.length > 0);
  const names = given
    .map((h) => t.summaryOwner({ owner: h.owner.name, count: h.customers.length }))
    .join(t.summarySeparator);
  return t.summary({
    leaver: leaver.name,
    customers: handed.reduce((sum, h) => sum + h.customers.length, 0),
    to: given.length > 0 ? t.summaryTo({ names }) : '',
    reports,
    manager: reportsTo ? t.summaryManager({ manager: reportsTo.name }) : '',
    withdrawn,
    moved,
  });
}
