import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import { type Block, type Message, textMessage } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import type { Actor } from '../context.ts';
import type { Member } from '../members/members.ts';
import type { OutboxItem } from '../outbox.ts';
import { type ApprovalFacts, type ApprovalState, approvalMessage, stepValue } from './approval-message.ts';
import { escalationKey } from './approval-reminders.ts';
import { factsFor, type LoadedRequest } from './approval-request.ts';
import { approvalKey, closedWaitingNotice } from './approval-routing.ts';
import type { CounterAnswer, CounterShown } from './counter-blocks.ts';
import { cutInMoney } from './cut-in-money.ts';
import { chainEndToldEarlier } from './decision-notifications.ts';
import { escalationReaders, forReaders, sharedText, stepReaders } from './shared-conversation.ts';

type Step = LoadedRequest['steps'][number];

/** The rep's copy of the offer, with Accept and Decline: later answers update it in place. */
export const counterKey = (requestId: number, stepNo: number) => `counter:${requestId}:${stepNo}`;

const messageKeyOf = (requestId: number, step: Step) =>
  step.messageKey ?? approvalKey(requestId, step.stepNo);

/** The step's counter-offer as messages show it, from the request as it was when offered. */
export function counterShown(
  loaded: LoadedRequest,
  step: Step,
  answer?: CounterShown['answer'],
): CounterShown {
  return {
    percent: step.counterPercent ?? 0,
    asked: loaded.request.percent,
    by: (step.decidedBy ?? step.approver).name,
    at: step.decidedAt ?? new Date(0),
    note: step.note,
    rep: loaded.requester.name,
    amount: loaded.request.amount,
    currency: loaded.currency,
    ...(answer ? { answer } : {}),
  };
}

type Copies = { loaded: LoadedRequest; step: Step; recent: ApprovalFacts['recent']; escalatedTo?: Member };

/** The step's approval message, and the escalated manager's copy of it, redrawn in `state`. */
function redrawCopies({ loaded, step, recent, escalatedTo }: Copies, state: ApprovalState, key: string) {
  const { request, requester } = loaded;
  const platform = requester.platform as Actor['platform'];
  const facts = factsFor(loaded, step.stepNo, recent);
  const items: OutboxItem[] = [
    {
      key: `${key}:update`,
      platform,
      target: { type: 'update', parentKey: messageKeyOf(request.id, step) },
      message: forReaders(
        stepReaders(loaded, step),
        (reader) => approvalMessage(reader, facts, state),
        step.approver,
      ),
    },
  ];
  if (step.escalatedAt && escalatedTo) {
    items.push({
      key: `${key}:update-escalated`,
      platform,
      target: { type: 'update', parentKey: escalationKey(request.id, step) },
      message: forReaders(
        escalationReaders(loaded, escalatedTo),
        (reader) => approvalMessage(reader, facts, state),
        escalatedTo,
      ),
    });
  }
  return items;
}

/** The offer in the rep's language: what it means in money, and how long they have. */
function offerMessage(loaded: LoadedRequest, counter: CounterShown, currency: string, days: number): Message {
  const { request, requester } = loaded;
  const t = catalog(requester.lang).counter;
  const facts = { id: request.id, customer: loaded.customer.name, by: counter.by };
  const lines = [t.repOffer({ ...facts, asked: counter.asked, percent: counter.percent })];
  if (request.amount !== null) {
    lines.push(t.repOfferPrice(cutInMoney(request.amount, counter.percent, currency, requester.lang)));
  }
  lines.push(t.repOfferAsk({ percent: counter.percent, days }));
  const text = sentences(...lines);
  const blocks: Block[] = [{ type: 'text', text }];
  if (counter.note)
    blocks.push({ type: 'context', text: catalog(requester.lang).chain.earlierNote({ note: counter.note }) });
  return { text, blocks };
}

export type CounterOffered = Copies & { counter: CounterShown; currency: string; days: number };

export function offerNotifications(offered: CounterOffered): OutboxItem[] {
  const { loaded, step, counter, currency, days } = offered;
  const { request, requester } = loaded;
  const platform = requester.platform as Actor['platform'];
  const key = `${counterKey(request.id, step.stepNo)}:offer`;
  const rc = catalog(requester.lang);
  const offer = offerMessage(loaded, counter, currency, days);
  const value = stepValue(request.id, step.stepNo);
  // The rep must answer the offer: their language first.
  const thread = sharedText(
    stepReaders(loaded, step),
    (c) => {
      const lines = [c.counter.thread({ by: counter.by, percent: counter.percent, asked: counter.asked })];
      if (counter.note) lines.push(c.approval.threadNote({ note: counter.note }));
      return lines.join('\n');
    },
    requester,
  );
  return [
    ...redrawCopies(offered, { kind: 'countered', counter }, key),
    {
      key: `${key}:thread`,
      platform,
      target: { type: 'thread', parentKey: messageKeyOf(request.id, step) },
      message: thread,
    },
    {
      key: counterKey(request.id, step.stepNo),
      platform,
      target: { type: 'dm', userId: requester.userId },
      message: {
        text: offer.text,
        blocks: [
          ...offer.blocks,
          {
            type: 'actions',
            buttons: [
              { actionId: 'counter.accept', label: rc.counter.accept, value, style: 'primary' },
              { actionId: 'counter.decline', label: rc.counter.decline, value, style: 'danger' },
            ],
          },
          { type: 'permalink', label: rc.discount.openApproval, outboxKey: messageKeyOf(request.id, step) },
        ],
      },
    },
  ];
}

/** The rep's copy of the offer once it is answered, expired or closed: buttons gone, the outcome said. */
export function answeredOfferUpdate(
  loaded: LoadedRequest,
  step: Step,
  key: string,
  outcome: string,
  offer: { counter: CounterShown; currency: string; days: number },
): OutboxItem {
  const { request, requester } = loaded;
  const message = offerMessage(loaded, offer.counter, offer.currency, offer.days);
  return {
    key,
    platform: requester.platform as Actor['platform'],
    target: { type: 'update', parentKey: counterKey(request.id, step.stepNo) },
    message: { text: message.text, blocks: [...message.blocks, { type: 'context', text: outcome }] },
  };
}

export type CounterClosed = CounterOffered & { answer: Exclude<CounterAnswer, 'accepted'>; at: Date };

/** Declined by the rep, or expired unanswered: the request ends here. */
export function closedCounterNotifications(closed: CounterClosed): OutboxItem[] {
  const { loaded, step, counter, answer, at, days, recent } = closed;
  const { request, requester } = loaded;
  const platform = requester.platform as Actor['platform'];
  const key = `${counterKey(request.id, step.stepNo)}:${answer}`;
  const shown = { ...counter, answer: { outcome: answer, at } };
  const approver = step.decidedBy ?? step.approver;
  const rc = catalog(requester.lang).counter;
  const facts = { rep: requester.name, percent: counter.percent, days };
  const repWhen = formatDateTime(at, requester.zone);
  const repLine = answer === 'declined' ? rc.repDeclined({ at: repWhen }) : rc.repExpired({ at: repWhen });
  const at2 = catalog(approver.lang).counter;
  const told = { ...facts, id: request.id, customer: loaded.customer.name };
  const final = { outcome: 'declined' as const, by: requester.name, at };
  return [
    ...redrawCopies(closed, { kind: 'countered', counter: shown }, key),
    {
      key: `${key}:thread`,
      platform,
      target: { type: 'thread', parentKey: messageKeyOf(request.id, step) },
      // News to the approver: their language first.
      message: sharedText(
        stepReaders(loaded, step),
        ({ counter: t }) => (answer === 'declined' ? t.threadDeclined(facts) : t.threadExpired(facts)),
        approver,
      ),
    },
    answeredOfferUpdate(loaded, step, `${key}:offer-update`, `⛔ ${repLine}`, closed),
    {
      key: `${key}:told`,
      platform,
      target: { type: 'dm', userId: approver.userId },
      message: textMessage(
        answer === 'declined' ? at2.approverToldDeclined(told) : at2.approverToldExpired(told),
      ),
    },
    closedWaitingNotice(loaded, `⛔ ${repLine}`),
    ...chainEndToldEarlier(loaded, step, recent, final),
  ];
}
