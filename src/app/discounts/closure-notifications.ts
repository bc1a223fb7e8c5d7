/**
 * What closing a request without a decision changes in chat — withdrawn by the rep, or replaced by a
 * newer request on the same deal: every posted approval message, the thread, the approvers, the
 * rep's notice.
 */
import type { Locale } from '../../config.ts';
import type { Catalog } from '../../messages/i18n/en.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import type { Block } from '../../messages/model.ts';
import type { Actor } from '../context.ts';
import type { Member } from '../members/members.ts';
import type { OutboxItem } from '../outbox.ts';
import { type ApprovalFacts, approvalMessage } from './approval-message.ts';
import { escalationKey } from './approval-reminders.ts';
import { factsFor, type LoadedRequest } from './approval-request.ts';
import { approvalKey, closedWaitingNotice } from './approval-routing.ts';
import { answeredOfferUpdate, counterShown } from './counter-notifications.ts';
import { escalationReaders, forReaders, sharedText, stepReaders } from './shared-conversation.ts';

type Step = LoadedRequest['steps'][number];

/**
 * Why it closed: the words someone typed, the same for every reader, or a line the app writes (a
 * rep who left the team), said in each reader's language.
 */
export type ClosureNote = string | ((c: Catalog) => string);

export const noteIn = (note: ClosureNote, lang: Locale) =>
  typeof note === 'string' ? note : note(catalog(lang));

export type Closure = {
  loaded: LoadedRequest;
  /** Withdrawn by `by`, or superseded by request `replacedBy` that `by` filed. */
  how: 'withdrawn' | 'superseded';
  replacedBy?: { id: number; percent: number };
  by: Member;
  note: ClosureNote | undefined;
  at: Date;
  recent: ApprovalFacts['recent'];
  /** Managers an overdue step was escalated to: they hold a copy of its message too. */
  escalatedTo: ReadonlyMap<number, Member>;
  /** For redrawing a counter-offer that was waiting for the rep: the team's currency and deadline. */
  offer: { currency: string; days: number };
};

/**
 * Steps whose approval message was posted: the one waiting now (for its approver, or for the rep's
 * answer to its counter-offer) and those approved before it.
 */
const postedSteps = (loaded: LoadedRequest): Step[] =>
  loaded.steps.filter((step) => ['pending', 'countered', 'approved'].includes(step.status));

/** A counter-offer still waiting for the rep when the request closed; answered ones stay as they were. */
const openOffer = (step: Step) => step.status === 'countered' && step.counterAnswer === null;

/** The outbox rows of a withdrawal, and who among the approvers is told (for the rep's answer). */
export function closureNotifications(closure: Closure): { items: OutboxItem[]; told: Member[] } {
  const { loaded, how, replacedBy, by, note, at, recent, escalatedTo, offer } = closure;
  const { request, requester } = loaded;
  const platform = requester.platform as Actor['platform'];
  const prefix = `discount:${request.id}:${how}`;
  const items: OutboxItem[] = [];
  const told = new Map<number, Member>();
  for (const step of postedSteps(loaded)) {
    const parentKey = step.messageKey ?? approvalKey(request.id, step.stepNo);
    const state = {
      kind: 'closed' as const,
      how,
      ...(replacedBy ? { replacedBy: replacedBy.id } : {}),
      by: by.name,
      at,
      ...(openOffer(step) ? { counter: counterShown(loaded, step) } : {}),
      ...(step.status === 'approved' && step.decidedAt
        ? {
            decided: {
              outcome: 'approved' as const,
              by: (step.decidedBy ?? step.approver).name,
              at: step.decidedAt,
            },
          }
        : {}),
    };
    const stateFor = (reader: Member) => (note ? { ...state, note: noteIn(note, reader.lang) } : state);
    const facts = factsFor(loaded, step.stepNo, recent);
    const readers = stepReaders(loaded, step);
    items.push({
      key: `${prefix}:update:${step.stepNo}`,
      platform,
      target: { type: 'update', parentKey },
      message: forReaders(
        readers,
        (reader) => approvalMessage(reader, facts, stateFor(reader)),
        step.approver,
      ),
    });
    const manager = step.escalatedToId === null ? undefined : escalatedTo.get(step.escalatedToId);
    if (step.escalatedAt && manager) {
      items.push({
        key: `${prefix}:update-escalated:${step.stepNo}`,
        platform,
        target: { type: 'update', parentKey: escalationKey(request.id, step) },
        message: forReaders(
          escalationReaders(loaded, manager),
          (reader) => approvalMessage(reader, facts, stateFor(reader)),
          manager,
        ),
      });
      told.set(manager.id, manager);
    }
    told.set((step.decidedBy ?? step.approver).id, step.decidedBy ?? step.approver);
    if (step.status === 'pending' || openOffer(step)) {
      // The rep and the approver share this thread: the reason is said where they discussed it, to
      // the approver first (the news is theirs; the rep, or a newer request, closed it).
      const thread = sharedText(
        readers,
        ({ withdraw: t }, reader) => {
          const said = replacedBy
            ? t.threadReplaced({ by: by.name, id: replacedBy.id, percent: replacedBy.percent })
            : t.thread({ by: by.name });
          return [said, ...(note ? [t.reason({ reason: noteIn(note, reader.lang) })] : [])].join('\n');
        },
        step.approver,
      );
      items.push({
        key: `${prefix}:thread`,
        platform,
        target: { type: 'thread', parentKey },
        message: thread,
      });
    }
  }
  told.delete(by.id);
  for (const person of told.values()) {
    const t = catalog(person.lang).withdraw;
    const facts = { by: by.name, id: request.id, percent: request.percent, customer: loaded.customer.name };
    const text = replacedBy
      ? t.approverToldReplaced({ ...facts, newId: replacedBy.id, newPercent: replacedBy.percent })
      : t.approverTold(facts);
    const blocks: Block[] = [{ type: 'text', text }];
    if (note) blocks.push({ type: 'context', text: t.reason({ reason: noteIn(note, person.lang) }) });
    items.push({
      key: `${prefix}:tell:${person.id}`,
      platform,
      target: { type: 'dm', userId: person.userId },
      message: { text, blocks },
    });
  }
  const rt = catalog(requester.lang).withdraw;
  const when = formatDateTime(at, requester.zone);
  const line = replacedBy
    ? rt.stateReplaced({ id: replacedBy.id, at: when })
    : rt.state({ by: by.name, at: when });
  items.push(closedWaitingNotice(loaded, `↩️ ${line}`));
  for (const step of loaded.steps.filter(openOffer)) {
    const counter = counterShown(loaded, step);
    const closedLine = `↩️ ${catalog(requester.lang).counter.repClosed({ state: line })}`;
    items.push(
      answeredOfferUpdate(loaded, step, `${prefix}:offer-update:${step.stepNo}`, closedLine, {
        counter,
        ...offer,
      }),
    );
  }
  return { items, told: [...told.values()] };
}
