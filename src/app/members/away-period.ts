/**
 * Recording a member's away period and delegate (README, "Away and delegates"). The chain is
 * checked on every day it could change within the period, so a loop or a chain ending with nobody
 * is refused when it is set, not found out when a request is filed.
 */
import { and, eq, gte, isNotNull, lte } from 'drizzle-orm';
import { members } from '../../db/schema.ts';
import { checkAwayPeriod, isAwayOn } from '../../domain/away.ts';
import { addDays, type IsoDate, localDate } from '../../domain/dates.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { textMessage } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { AppDeps, Platform } from '../context.ts';
import { enqueue } from '../outbox.ts';
import { followChain, type Lookup, memberLookup } from './delegation.ts';
import type { Member } from './members.ts';

export type AwayInput = {
  member: Member;
  until: string;
  from?: string;
  /** Named by the member (or the admin); none: their own manager. */
  delegate?: Member;
  /** Who set it, for the audit (none from the command line). */
  by?: Member;
};

export type AwaySet = {
  from: IsoDate;
  until: IsoDate;
  /** Who decides on the first day, and the away delegates the chain passed on the way. */
  delegate: Member;
  passed: Member[];
  /** The period has begun: waiting approvals move now, not at a later tick. */
  started: boolean;
};

/** Days within [from, until] on which someone else's away period begins or ends: the chain may change then. */
async function changeDays(deps: AppDeps, from: IsoDate, until: IsoDate): Promise<IsoDate[]> {
  const others = await deps.db
    .select({ awayFrom: members.awayFrom, awayUntil: members.awayUntil })
    .from(members)
    .where(and(isNotNull(members.awayFrom), lte(members.awayFrom, until), gte(members.awayUntil, from)));
  const days = new Set([from]);
  for (const other of others) {
    for (const day of [other.awayFrom, other.awayUntil && addDays(other.awayUntil, 1)]) {
      if (day && day > from && day <= until) days.add(day);
    }
  }
  return [...days].sort();
}

async function checkChain(
  deps: AppDeps,
  lookup: Lookup,
  input: AwayInput,
  period: { from: IsoDate; until: IsoDate },
): Promise<Result<{ delegate: Member; passed: Member[] }>> {
  const { member } = input;
  const first = input.delegate ?? (await lookup(member.managerId));
  let onFirstDay: { delegate: Member; passed: Member[] } | undefined;
  for (const day of await changeDays(deps, period.from, period.until)) {
    // The dates of one period are compared as written: members in other zones are a day apart at most.
    const isAway = (someone: Member) =>
      someone.id === member.id
        ? isAwayOn({ awayFrom: period.from, awayUntil: period.until }, day)
        : isAwayOn(someone, day);
    const end = await followChain(lookup, member, first, isAway);
    if (end.kind === 'loop') {
      return fail('delegate_loop', { day, chain: end.chain.map((m) => m.name).join(' → ') });
    }
    if (end.kind === 'none') {
      return fail('delegate_none', { day, member: member.name, last: end.chain.at(-1)!.name });
    }
    onFirstDay ??= { delegate: end.delegate, passed: end.passed };
  }
  return ok(onFirstDay!);
}

/** Records the period (replacing any earlier one) once its dates and its chain hold. */
export async function setAwayPeriod(deps: AppDeps, input: AwayInput): Promise<Result<AwaySet>> {
  const { member } = input;
  const now = deps.clock.now();
  const today = localDate(now, member.zone);
  const period = checkAwayPeriod(input, today);
  if (!period.ok) return period;
  if (input.delegate?.id === member.id) return fail('delegate_self', { member: member.name });
  if (input.delegate && !input.delegate.active) return fail('delegate_unknown');
  const chain = await checkChain(deps, memberLookup(deps), input, period.value);
  if (!chain.ok) return chain;
  const { from, until } = period.value;
  const delegateId = input.delegate?.id ?? null;
  await deps.db.transaction(async (tx) => {
    await tx
      .update(members)
      .set({ awayFrom: from, awayUntil: until, delegateId, updatedAt: now })
      .where(eq(members.id, member.id));
    await audit(tx, [
      {
        at: now,
        actorId: input.by?.id ?? null,
        action: 'member.away',
        entity: 'member',
        entityId: member.id,
        before: { awayFrom: member.awayFrom, awayUntil: member.awayUntil, delegateId: member.delegateId },
        after: { awayFrom: from, awayUntil: until, delegateId, decidesFirst: chain.value.delegate.id },
      },
    ]);
    // The delegate hears it from us before the first request reaches them.
    const delegate = chain.value.delegate;
    await enqueue(tx, [
      {
        key: `member:${member.id}:away:${from}:${until}:${delegate.id}`,
        platform: delegate.platform as Platform,
        target: { type: 'dm', userId: delegate.userId },
        message: textMessage(catalog(delegate.lang).away.delegateTold({ member: member.name, from, until })),
      },
    ]);
  });
  deps.outboxQueued();
  return ok({ from, until, ...chain.value, started: from <= today });
}

/**
 * Back (early, or a planned leave called off): new requests go to the member again. Approvals
 * already handed over stay with the delegate. False when there was no period to clear.
 */
export async function clearAwayPeriod(deps: AppDeps, member: Member, by?: Member): Promise<boolean> {
  if (member.awayFrom === null && member.awayUntil === null && member.delegateId === null) return false;
  const now = deps.clock.now();
  const wasSet = member.awayUntil !== null && member.awayUntil >= localDate(now, member.zone);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(members)
      .set({ awayFrom: null, awayUntil: null, delegateId: null, updatedAt: now })
      .where(eq(members.id, member.id));
    await audit(tx, [
      {
        at: now,
        actorId: by?.id ?? null,
        action: 'member.back',
        entity: 'member',
        entityId: member.id,
        before: { awayFrom: member.awayFrom, awayUntil: member.awayUntil, delegateId: member.delegateId },
        after: { awayFrom: null, awayUntil: null, delegateId: null },
      },
    ]);
  });
  return wasSet;
}
