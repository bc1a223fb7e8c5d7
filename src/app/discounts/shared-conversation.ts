/**
 * Messages in a conversation more than one member reads (README, "Languages"): written in every
 * language its readers use — once when they share one; else the language of the person who must act
 * on it (or hears news from it) first, then the others' below. Private messages keep one language.
 */

import type { Catalog } from '../../messages/i18n/en.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Block, type Message, textMessage } from '../../messages/model.ts';
import type { Member } from '../members/members.ts';
import type { LoadedRequest } from './approval-request.ts';
import { approvalKey } from './approval-routing.ts';

/**
 * One reader per language, the actor's first: the actor speaks for their language (their zone
 * formats its times), the first reader of each other language for theirs. An actor outside the
 * conversation (a manager deciding in an approver's place) only orders the languages its readers use.
 */
export function languagesOf(readers: readonly Member[], actor?: Member): Member[] {
  const byLang = new Map<string, Member>();
  const actorReads = actor !== undefined && readers.some((reader) => reader.id === actor.id);
  const first = actor && readers.find((reader) => reader.lang === actor.lang);
  for (const reader of [actorReads ? actor : first, ...readers]) {
    if (reader && !byLang.has(reader.lang)) byLang.set(reader.lang, reader);
  }
  return [...byLang.values()];
}

/**
 * A card for everyone in the conversation: the actor's language in full with its buttons, then each
 * other language's text without them (buttons once: a click is the same whatever language it sits
 * under). Platforms cut what exceeds their limits from the end, so the actor's part always survives.
 */
export function forReaders(
  readers: readonly Member[],
  build: (reader: Member) => Message,
  actor?: Member,
): Message {
  const [first, ...others] = languagesOf(readers, actor);
  if (!first) throw new Error('a shared message needs a reader');
  const main = build(first);
  if (others.length === 0) return main;
  const texts = [main.text];
  const blocks: Block[] = [...main.blocks];
  for (const other of others) {
    const part = build(other);
    texts.push(part.text);
    blocks.push({ type: 'divider' });
    // A second header would be dropped by Lark (a card has one title): the heading becomes a line.
    for (const block of part.blocks) {
      if (block.type === 'actions') continue;
      blocks.push(block.type === 'header' ? { type: 'text', text: block.text } : block);
    }
  }
  return { ...main, text: texts.join('\n'), blocks };
}

/** A thread reply for everyone in the conversation: its lines in each language, the actor's first. */
export function sharedText(
  readers: readonly Member[],
  build: (c: Catalog, reader: Member) => string,
  actor?: Member,
): Message {
  const parts = languagesOf(readers, actor).map((reader) => build(catalog(reader.lang), reader));
  if (parts.length === 1) return textMessage(parts[0]!);
  return { text: parts.join('\n\n'), blocks: parts.map((text): Block => ({ type: 'text', text })) };
}

type Step = LoadedRequest['steps'][number];

/**
 * Who reads a step's approval conversation (approvalTarget): the rep and the step's approver, and —
 * on a later step's own message — those who approved the steps before it. A step handed to a
 * delegate got a conversation of the rep and the delegate only.
 */
export function stepReaders(loaded: LoadedRequest, step: Step): Member[] {
  const { request, requester } = loaded;
  const moved = step.messageKey !== null && step.messageKey !== approvalKey(request.id, step.stepNo);
  const earlier = moved
    ? []
    : loaded.steps
        .filter((s) => s.stepNo < step.stepNo && s.status === 'approved')
        .map((s) => s.decidedBy ?? s.approver);
  return [requester, ...earlier, step.approver];
}

/** The readers of a manager's escalated copy: the rep and that manager. */
export const escalationReaders = (loaded: LoadedRequest, manager: Member): Member[] => [
  loaded.requester,
  manager,
];
