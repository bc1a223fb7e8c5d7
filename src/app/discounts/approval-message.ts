import type { Locale } from '../../config.ts';
import { localDate } from '../../domain/dates.ts';
import type { RoutingWhy } from '../../domain/deal-rules.ts';
import { priceAfterDiscount } from '../../domain/discount-policy.ts';
import { type DiscountReason, PRICE_IS_NOT_THE_CURE, type Tier } from '../../domain/vocabulary.ts';
import { catalog, formatDateTime, formatMoney } from '../../messages/i18n/index.ts';
import { labelled } from '../../messages/labelled.ts';
import type { Block, Button, Message } from '../../messages/model.ts';
import type { Member } from '../members/members.ts';
import { type EarlierStep, earlierStepBlocks, type FinalOutcome, finalBlock } from './approval-context.ts';
import { type CounterShown, counterBlocks, counterButton } from './counter-blocks.ts';
import { cutInMoney } from './cut-in-money.ts';

export type RecentDiscount = { id: number; createdAt: Date; percent: number; status: string };

export type ApprovalFacts = {
  requestId: number;
  stepNo: number;
  steps: number;
  customer: { name: string; tier: Tier };
  requester: { name: string };
  percent: number;
  /** What the rep first asked for, once an accepted counter-offer set `percent`. */
  askedPercent?: number;
  amount: number | null;
  /** The team's, for the amount, the cut and the resulting price. */
  currency: string;
  reason: DiscountReason;
  justification: string;
  recent: RecentDiscount[];
  /** The rep's deal reference, when they gave one. */
  deal?: string | null;
  /** Why this request needs a person when its size alone would not say so. */
  why?: RoutingWhy;
  /** The steps decided before this one: a later approver sees who approved, when, and why. */
  earlier?: EarlierStep[];
  /** The step's approver is away: the reader decides in their place (until: the end of that leave). */
  onBehalfOf?: { name: string; until: string | null };
};

/** One step's decision, as its message shows it. */
export type StepDecision = { outcome: 'approved' | 'rejected'; by: string; at: Date };

/**
 * What an approval message shows below the facts: the buttons while the step waits, the step's
 * decision, or the request taken back by the rep (after this step's approval, if it had one).
 */
export type ApprovalState =
  | { kind: 'pending' }
  /**
   * `final`: how the whole chain ended, shown on an earlier step's message; `counter`: the step was
   * approved at the counter-offer the rep accepted.
   */
  | ({ kind: 'decided'; final?: FinalOutcome; counter?: CounterShown } & StepDecision)
  /** The approver answered with a counter-offer; `final` once the chain ended on the rep's answer. */
  | { kind: 'countered'; counter: CounterShown; final?: FinalOutcome }
  | {
      kind: 'closed';
      /** A counter-offer was waiting for the rep when the request was closed. */
      counter?: CounterShown;
      how: 'withdrawn' | 'superseded';
      /** The newer request on the deal that replaced this one. */
      replacedBy?: number;
      by: string;
      at: Date;
      note?: string;
      decided?: StepDecision;
    }
  /** Handed to a delegate while the reader is away: the delegate got a message of their own. */
  | { kind: 'moved'; to: string; away: string; until: string; left?: boolean };

/** Withdraw, on every copy of a pending request the rep sees; the reason is asked for first. */
export function withdrawButton(locale: Locale, requestId: number): Button {
  const t = catalog(locale).withdraw;
  return {
    actionId: 'approval.withdraw',
    label: t.button,
    value: String(requestId),
    note: { label: t.reasonLabel, placeholder: t.reasonPlaceholder, first: true, withNote: t.formTitle },
  };
}

/** Button value naming the step: a click on an old message can never decide a later step. */
export const stepValue = (requestId: number, stepNo: number) => `${requestId}:${stepNo}`;

export function parseStepValue(value: string): { requestId: number; stepNo: number } | undefined {
  const match = /^(\d{1,9}):(\d{1,2})$/.exec(value);
  return match ? { requestId: Number(match[1]), stepNo: Number(match[2]) } : undefined;
}

function onBehalfBlocks(reader: Member, facts: ApprovalFacts): Block[] {
  const away = facts.onBehalfOf;
  if (!away) return [];
  const t = catalog(reader.lang).away;
  const text = away.until
    ? t.onBehalf({ away: away.name, until: away.until })
    : t.onBehalfNoDate({ away: away.name });
  return [{ type: 'context', text }];
}

/** What the approver sees, in their language; the same builder renders the pending and the decided message. */
export function approvalMessage(reader: Member, facts: ApprovalFacts, state: ApprovalState): Message {
  const c = catalog(reader.lang);
  const t = c.approval;
  const header = t.header({ id: facts.requestId, percent: facts.percent, customer: facts.customer.name });
  const money = (value: number) => formatMoney(value, facts.currency, reader.lang);
  // The approver weighs the cut in money, not only its percent; without an amount the percent alone.
  const percent =
    facts.amount === null
      ? `${facts.percent}%`
      : c.money.percentCut({
          percent: facts.percent,
          cut: cutInMoney(facts.amount, facts.percent, facts.currency, reader.lang).cut,
        });
  const blocks: Block[] = [
    { type: 'header', text: header },
    {
      type: 'text',
      text: t.intro({
        rep: facts.requester.name,
        step: facts.steps > 1 ? t.stepOf({ step: facts.stepNo, steps: facts.steps }) : '',
      }),
    },
    ...onBehalfBlocks(reader, facts),
    {
      type: 'fields',
      fields: [
        { label: t.customer, value: facts.customer.name },
        { label: t.tier, value: facts.customer.tier },
        { label: t.amount, value: facts.amount === null ? '—' : money(facts.amount) },
        {
          label: t.requested,
          value:
            facts.askedPercent !== undefined && facts.askedPercent !== facts.percent
              ? c.counter.requested({ asked: facts.askedPercent, percent: facts.percent })
              : percent,
        },
        {
          label: t.resulting,
          value: facts.amount === null ? '—' : money(priceAfterDiscount(facts.amount, facts.percent)),
        },
        { label: t.reason, value: c.reasons[facts.reason] },
        ...(facts.deal ? [{ label: c.deal.label, value: facts.deal }] : []),
      ],
    },
    { type: 'text', text: labelled(t.justification, facts.justification) },
  ];
  if (PRICE_IS_NOT_THE_CURE.has(facts.reason)) blocks.push({ type: 'context', text: t.notTheCure });
  if (facts.why) blocks.push(...whyBlocks(reader, facts));
  blocks.push(...earlierStepBlocks(reader, facts.earlier));
  const recentLines = facts.recent.map((recent) =>
    t.recentLine({
      date: formatDateTime(recent.createdAt, reader.zone).slice(0, 10),
      percent: recent.percent,
      outcome: c.outcomes[recent.status as keyof typeof c.outcomes] ?? recent.status,
    }),
  );
  blocks.push({
    type: 'context',
    text: labelled(t.recent, recentLines.length ? recentLines.join(' · ') : t.noRecent),
  });
  if (state.kind === 'pending') {
    const value = stepValue(facts.requestId, facts.stepNo);
    const note = { label: t.noteLabel, placeholder: t.notePlaceholder };
    blocks.push({
      type: 'actions',
      buttons: [
        {
          actionId: 'approval.approve',
          label: t.approve,
          value,
          style: 'primary',
          note: { ...note, withNote: t.approveWithNote },
        },
        {
          actionId: 'approval.reject',
          label: t.reject,
          value,
          style: 'danger',
          note: { ...note, first: true, withNote: t.rejectTitle },
        },
        counterButton(reader.lang, value),
        // The thread is shared with the rep: this is their copy too, and only they (or an admin) may use it.
        withdrawButton(reader.lang, facts.requestId),
      ],
    });
    return { text: header, blocks };
  }
  blocks.push({ type: 'divider' });
  if (state.kind === 'moved') {
    const text = state.left
      ? c.away.movedLeft({ delegate: state.to, away: state.away })
      : c.away.movedState({ delegate: state.to, away: state.away, until: state.until });
    blocks.push({ type: 'text', text: `↪️ ${text}` });
    return { text: header, blocks };
  }
  if (state.kind === 'countered') {
    blocks.push(...counterBlocks(reader, state.counter));
    if (state.final) blocks.push(finalBlock(reader, state.final));
    return { text: header, blocks };
  }
  const decision = state.kind === 'decided' ? state : state.decided;
  if (decision) {
    blocks.push({
      type: 'text',
      text: `${decision.outcome === 'approved' ? '✅' : '⛔'} ${t.decided({
        outcome: c.outcomes[decision.outcome],
        by: decision.by,
        at: formatDateTime(decision.at, reader.zone),
      })}`,
    });
  }
  if (state.kind === 'decided' && state.counter) blocks.push(...counterBlocks(reader, state.counter));
  if (state.kind === 'decided' && state.final) blocks.push(finalBlock(reader, state.final));
  if (state.kind === 'closed') {
    if (state.counter) blocks.push(...counterBlocks(reader, state.counter));
    const at = formatDateTime(state.at, reader.zone);
    blocks.push({
      type: 'text',
      text: `↩️ ${
        state.replacedBy === undefined
          ? c.withdraw.state({ by: state.by, at })
          : c.withdraw.stateReplaced({ id: state.replacedBy, at })
      }`,
    });
    if (state.note) blocks.push({ type: 'context', text: c.withdraw.reason({ reason: state.note }) });
  }
  return { text: header, blocks };
}

/** The rejection this deal already had, or the automatic approvals the rep has used up. */
function whyBlocks(reader: Member, facts: ApprovalFacts): Block[] {
  const t = catalog(reader.lang).deal;
  const why = facts.why;
  if (!why) return [];
  if (why.kind === 'auto_limit') {
    return [
      {
        type: 'context',
        text: t.limitApprover({
          rep: facts.requester.name,
          used: why.used,
          customer: facts.customer.name,
          days: why.days,
          limit: why.limit,
        }),
      },
    ];
  }
  const said = t.rejectedBeforeApprover({
    id: why.requestId,
    percent: why.percent,
    by: why.by,
    date: localDate(why.at, reader.zone),
  });
  return [{ type: 'text', text: why.note ? `${said}\n${t.theirNote({ note: why.note })}` : said }];
}
