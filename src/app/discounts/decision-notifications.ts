import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import { type Block, textMessage } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import type { Actor } from '../context.ts';
import type { Member } from '../members/members.ts';
import type { OutboxItem } from '../outbox.ts';
import type { EarlierStep, FinalOutcome } from './approval-context.ts';
import { type ApprovalFacts, approvalMessage } from './approval-message.ts';
import { escalationKey } from './approval-reminders.ts';
import { factsFor, type LoadedRequest } from './approval-request.ts';
import { approvalKey, approvalTarget, closedWaitingNotice } from './approval-routing.ts';
import type { CounterShown } from './counter-blocks.ts';
import { cutInMoney } from './cut-in-money.ts';
import { escalationReaders, forReaders, sharedText, stepReaders } from './shared-conversation.ts';

type Step = LoadedRequest['steps'][number];

export type DecisionMade = {
  loaded: LoadedRequest;
  step: Step;
  decider: Member;
  decision: 'approved' | 'rejected';
  note: string | undefined;
  at: Date;
  recent: ApprovalFacts['recent'];
  /** The step that becomes pending now; none when the chain has ended. */
  next: Step | undefined;
  /** The team's currency, for the price the rep may quote. */
  currency: string;
  /** The step is approved at the counter-offer the rep accepted (`loaded` already carries its percent). */
  counter?: CounterShown;
};

const messageKeyOf = (requestId: number, step: Step) =>
  step.messageKey ?? approvalKey(requestId, step.stepNo);

export function decisionNotifications(made: DecisionMade): OutboxItem[] {
  const { loaded, step, decider, decision, note, at, recent, next, counter } = made;
  const { request, requester } = loaded;
  const platform = requester.platform as Actor['platform'];
  const parentKey = messageKeyOf(request.id, step);
  const prefix = `approval:${request.id}:${step.stepNo}:${decision}`;
  const rc = catalog(requester.lang);
  const readers = stepReaders(loaded, step);
  // The rep hears the outcome (and acts on it) first; an accepted counter-offer is news to the approver.
  const thread = sharedText(
    readers,
    (c) => {
      const lines = counter
        ? [c.counter.threadAccepted({ rep: counter.rep, percent: counter.percent })]
        : [c.approval.threadOutcome({ by: decider.name, outcome: c.outcomes[decision] })];
      if (note && !counter) lines.push(c.approval.threadNote({ note }));
      if (next) lines.push(c.approval.nextStep({ approver: next.approver.name }));
      return lines.join('\n');
    },
    counter ? step.approver : requester,
  );
  const decided = {
    kind: 'decided' as const,
    outcome: decision,
    by: decider.name,
    at,
    ...(counter ? { counter } : {}),
  };
  const items: OutboxItem[] = [
    {
      key: `${prefix}:update`,
      platform,
      target: { type: 'update', parentKey },
      message: forReaders(
        readers,
        (reader) => approvalMessage(reader, factsFor(loaded, step.stepNo, recent), decided),
        step.approver,
      ),
    },
    {
      key: `${prefix}:thread`,
      platform,
      target: { type: 'thread', parentKey },
      message: thread,
    },
    {
      key: `${prefix}:rep`,
      platform,
      target: { type: 'dm', userId: requester.userId },
      message: repMessage(made, parentKey),
    },
  ];
  if (step.escalatedAt) {
    // The escalation message carries buttons too: it shows the outcome as well.
    const manager = step.escalatedTo ?? decider;
    items.push({
      key: `${prefix}:update-escalated`,
      platform,
      target: { type: 'update', parentKey: escalationKey(request.id, step) },
      message: forReaders(
        escalationReaders(loaded, manager),
        (reader) => approvalMessage(reader, factsFor(loaded, step.stepNo, recent), decided),
        manager,
      ),
    });
  }
  if (next) {
    items.push(nextStepItem(made));
    return items;
  }
  const line = rc.approval.decided({
    outcome: rc.outcomes[decision],
    by: decider.name,
    at: formatDateTime(at, requester.zone),
  });
  items.push(closedWaitingNotice(loaded, `${decision === 'approved' ? '✅' : '⛔'} ${line}`));
  items.push(...chainEndToldEarlier(loaded, step, recent, { outcome: decision, by: decider.name, at }));
  return items;
}

/** The rep's DM: the outcome, the note, and — once the chain is complete — what they may quote. */
function repMessage(made: DecisionMade, parentKey: string) {
  const { loaded, decider, decision, note, next, currency } = made;
  const { request, requester } = loaded;
  const c = catalog(requester.lang);
  const summary = {
    id: request.id,
    percent: request.percent,
    customer: loaded.customer.name,
    by: decider.name,
  };
  let text = next
    ? c.approval.repForwarded({ ...summary, next: next.approver.name })
    : decision === 'approved'
      ? c.approval.repApproved(summary)
      : c.approval.repRejected(summary);
  if (!next && decision === 'approved') {
    const price =
      request.amount === null
        ? ''
        : c.chain.completePrice(cutInMoney(request.amount, request.percent, currency, requester.lang));
    text = sentences(text, c.chain.completeApproved({ percent: request.percent, price }));
  } else if (!next) {
    text = sentences(text, c.chain.completeRejected);
  }
  const blocks: Block[] = [{ type: 'text', text }];
  if (note) blocks.push({ type: 'context', text: c.approval.threadNote({ note }) });
  blocks.push({ type: 'permalink', label: c.discount.openApproval, outboxKey: parentKey });
  return { text, blocks };
}

/**
 * The next step's message, with the decisions before it. It goes to a conversation of the rep, the
 * earlier approvers and the next approver: the discussion continues with everyone who decided.
 */
function nextStepItem(made: DecisionMade): OutboxItem {
  const { loaded, step, decider, note, at, recent, next, counter } = made;
  const { request, requester } = loaded;
  const earlier: EarlierStep[] = loaded.steps
    .filter((s) => s.stepNo < step.stepNo && s.status === 'approved' && s.decidedAt)
    .map((s) => ({
      stepNo: s.stepNo,
      outcome: 'approved' as const,
      by: (s.decidedBy ?? s.approver).name,
      at: s.decidedAt!,
      note: s.note,
      messageKey: messageKeyOf(request.id, s),
      ...(s.counterPercent !== null && s.counterAnswer === 'accepted'
        ? { counter: { percent: s.counterPercent, rep: requester.name } }
        : {}),
    }));
  earlier.push({
    stepNo: step.stepNo,
    outcome: 'approved',
    by: decider.name,
    at,
    note: note ?? null,
    messageKey: messageKeyOf(request.id, step),
    ...(counter ? { counter: { percent: counter.percent, rep: counter.rep } } : {}),
  });
  const deciders = [
    ...loaded.steps
      .filter((s) => s.stepNo < step.stepNo && s.status === 'approved')
      .map((s) => s.decidedBy ?? s.approver),
    decider,
  ].filter((person) => person.id !== next!.approver.id);
  const pending = { kind: 'pending' as const };
  return {
    key: approvalKey(request.id, next!.stepNo),
    platform: requester.platform as Actor['platform'],
    target: approvalTarget(requester, next!.approver, deciders),
    message: forReaders(
      [requester, ...deciders, next!.approver],
      (reader) => approvalMessage(reader, { ...factsFor(loaded, next!.stepNo, recent), earlier }, pending),
      next!.approver,
    ),
  };
}

/** When the chain ends, those who approved an earlier step see the final outcome on their message and are told. */
export function chainEndToldEarlier(
  loaded: LoadedRequest,
  step: Step,
  recent: ApprovalFacts['recent'],
  final: FinalOutcome,
): OutboxItem[] {
  const { request, requester } = loaded;
  const platform = requester.platform as Actor['platform'];
  const items: OutboxItem[] = [];
  for (const earlier of loaded.steps.filter((s) => s.stepNo < step.stepNo && s.status === 'approved')) {
    if (!earlier.decidedAt) continue;
    const approver = earlier.decidedBy ?? earlier.approver;
    const state = {
      kind: 'decided' as const,
      outcome: 'approved' as const,
      by: approver.name,
      at: earlier.decidedAt,
      final,
      ...(earlier.counterPercent !== null && earlier.counterAnswer === 'accepted'
        ? {
            counter: {
              percent: earlier.counterPercent,
              asked: request.askedPercent ?? request.percent,
              by: approver.name,
              at: earlier.decidedAt,
              note: earlier.note,
              rep: requester.name,
              amount: request.amount,
              currency: loaded.currency,
              answer: { outcome: 'accepted' as const, at: earlier.counterAnsweredAt ?? earlier.decidedAt },
            },
          }
        : {}),
    };
    items.push({
      key: `approval:${request.id}:${earlier.stepNo}:final`,
      platform,
      target: { type: 'update', parentKey: messageKeyOf(request.id, earlier) },
      message: forReaders(
        stepReaders(loaded, earlier),
        (reader) => approvalMessage(reader, factsFor(loaded, earlier.stepNo, recent), state),
        earlier.approver,
      ),
    });
    const t = catalog(approver.lang).chain;
    const told = {
      id: request.id,
      percent: request.percent,
      customer: loaded.customer.name,
      step: earlier.stepNo,
      by: final.by,
    };
    items.push({
      key: `approval:${request.id}:${earlier.stepNo}:final-told`,
      platform,
      target: { type: 'dm', userId: approver.userId },
      message: textMessage(
        final.outcome === 'approved'
          ? t.earlierToldApproved(told)
          : final.outcome === 'rejected'
            ? t.earlierToldRejected(told)
            : t.earlierToldDeclined(told),
      ),
    });
  }
  return items;
}
