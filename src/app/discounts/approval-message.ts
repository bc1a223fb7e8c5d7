import { priceAfterDiscount } from '../../domain/discount-policy.ts';
import { type DiscountReason, PRICE_IS_NOT_THE_CURE, type Tier } from '../../domain/vocabulary.ts';
import { catalog, formatAmount, formatDateTime } from '../../messages/i18n/index.ts';
import type { Block, Message } from '../../messages/model.ts';
import type { Member } from '../members/members.ts';

export type RecentDiscount = { createdAt: Date; percent: number; status: string };

export type ApprovalFacts = {
  requestId: number;
  stepNo: number;
  steps: number;
  customer: { name: string; tier: Tier };
  requester: { name: string };
  percent: number;
  amount: number | null;
  reason: DiscountReason;
  justification: string;
  recent: RecentDiscount[];
};

export type ApprovalState =
  | { kind: 'pending' }
  | { kind: 'decided'; outcome: 'approved' | 'rejected'; by: string; at: Date };

/** Button value naming the step: a click on an old message can never decide a later step. */
export const stepValue = (requestId: number, stepNo: number) => `${requestId}:${stepNo}`;

export function parseStepValue(value: string): { requestId: number; stepNo: number } | undefined {
  const match = /^(\d{1,9}):(\d{1,2})$/.exec(value);
  return match ? { requestId: Number(match[1]), stepNo: Number(match[2]) } : undefined;
}

/** What the approver sees, in their language; the same builder renders the pending and the decided message. */
export function approvalMessage(reader: Member, facts: ApprovalFacts, state: ApprovalState): Message {
  const c = catalog(reader.lang);
  const t = c.approval;
  const header = t.header({ id: facts.requestId, percent: facts.percent, customer: facts.customer.name });
  const money = (value: number) => formatAmount(value, reader.lang);
  const blocks: Block[] = [
    { type: 'header', text: header },
    {
      type: 'text',
      text: t.intro({
        rep: facts.requester.name,
        step: facts.steps > 1 ? t.stepOf({ step: facts.stepNo, steps: facts.steps }) : '',
      }),
    },
    {
      type: 'fields',
      fields: [
        { label: t.customer, value: facts.customer.name },
        { label: t.tier, value: facts.customer.tier },
        { label: t.amount, value: facts.amount === null ? '—' : money(facts.amount) },
        { label: t.requested, value: `${facts.percent}%` },
        {
          label: t.resulting,
          value: facts.amount === null ? '—' : money(priceAfterDiscount(facts.amount, facts.percent)),
        },
        { label: t.reason, value: c.reasons[facts.reason] },
      ],
    },
    { type: 'text', text: `${t.justification}: ${facts.justification}` },
  ];
  if (PRICE_IS_NOT_THE_CURE.has(facts.reason)) blocks.push({ type: 'context', text: t.notTheCure });
  const recentLines = facts.recent.map((recent) =>
    t.recentLine({
      date: formatDateTime(recent.createdAt, reader.zone).slice(0, 10),
      percent: recent.percent,
      outcome: c.outcomes[recent.status as keyof typeof c.outcomes] ?? recent.status,
    }),
  );
  blocks.push({
    type: 'context',
    text: `${t.recent}: ${recentLines.length ? recentLines.join(' · ') : t.noRecent}`,
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
      ],
    });
  } else {
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'text',
      text: `${state.outcome === 'approved' ? '✅' : '⛔'} ${t.decided({
        outcome: c.outcomes[state.outcome],
        by: state.by,
        at: formatDateTime(state.at, reader.zone),
      })}`,
    });
  }
  return { text: header, blocks };
}
