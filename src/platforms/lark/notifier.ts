import { createHash } from 'node:crypto';
import type { GroupChats } from '../../app/group-chats.ts';
import type { DeliveryResult, MessageRef, Notifier, OutboxRow, RefLookup } from '../../jobs/delivery.ts';
import type { ProfileSource } from '../../jobs/profile-sync.ts';
import type { Logger } from '../../logger.ts';
import { createPacer, type RateWindow, type Slot } from '../pacer.ts';
import { callLark, classify, isChatGone, LarkCallError, toCallError } from './call.ts';
import { type CardImage, renderCard, renderFormCard } from './card.ts';
import type { LarkClient } from './client.ts';
import { larkGroupChats } from './group-chat.ts';
import { uploadImages } from './images.ts';

/** Lark allows 5 messages a second to one user or group, 50 a second per app. */
const PER_RECEIVER_INTERVAL_MS = 200;
/** The app-wide rate, counted from each send's answer (pacer.ts). */
export const LARK_APP_RATE: RateWindow = { limit: 50 };
/** A send waits in hand for the app's pace up to this long; beyond it, the row goes back. */
const MAX_APP_WAIT_MS = 2000;

type LarkAnswer = { code?: number; msg?: string; data?: { message_id?: string; chat_id?: string } };

/** The outbox key as Lark's `uuid` (≤ 50 chars): the same message is never sent twice within an hour. */
const uuidOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 40);

export type LarkNotifierOptions = {
  /** Where the group chat of each set of members is kept; without it a group goes to one person. */
  groupChats?: GroupChats;
  logger?: Logger;
  /** LARK_DOMAIN: `lark` links open in Lark, anything else in Feishu. */
  domain?: string;
  /** The app-wide send rate (default LARK_APP_RATE); tests and benches name another. */
  appRate?: RateWindow;
};

/** Opens a chat in the Lark / Feishu client (AppLink "open a chat page"; only for its members). */
export function chatAppLink(chatId: string, domain?: string): string {
  const host = domain === 'lark' ? 'applink.larksuite.com' : 'applink.feishu.cn';
  return `https://${host}/client/chat/open?openChatId=${encodeURIComponent(chatId)}`;
}

/** Delivers outbox rows as cards; records message ids for thread replies and in-place updates. */
export function createLarkNotifier(lark: LarkClient, options: LarkNotifierOptions = {}): Notifier {
  const { client, tokens } = lark;
  const lastToReceiver = new Map<string, number>();
  const app = createPacer(options.appRate ?? LARK_APP_RATE);
  const groupChats = options.groupChats
    ? larkGroupChats(lark, options.groupChats, options.logger)
    : undefined;

  const call = (send: () => Promise<LarkAnswer>) => callLark(tokens, send);

  /**
   * One receiver's pace sends the row back while it waits (other conversations go meanwhile); the
   * app's pace, short and shared by every delivery, is waited for in hand.
   */
  async function paced(receiver: string, slots: Slot[]): Promise<DeliveryResult | undefined> {
    const now = Date.now();
    const wait = (lastToReceiver.get(receiver) ?? 0) + PER_RECEIVER_INTERVAL_MS - now;
    if (wait > 0) return { status: 'blocked', error: `pacing ${receiver}`, afterMs: wait };
    const previous = lastToReceiver.get(receiver);
    lastToReceiver.set(receiver, now);
    const slot = await app.take(MAX_APP_WAIT_MS);
    if (typeof slot === 'number') {
      if (previous === undefined) lastToReceiver.delete(receiver);
      else lastToReceiver.set(receiver, previous);
      return { status: 'blocked', error: 'pacing the app', afterMs: slot };
    }
    slots.push(slot);
    // Counted from when the send goes, after any wait for the app.
    lastToReceiver.set(receiver, Date.now());
    if (lastToReceiver.size > 10_000) lastToReceiver.clear();
    return undefined;
  }

  async function parent(key: string, refs: RefLookup): Promise<MessageRef | DeliveryResult> {
    const state = await refs(key);
    if (state.status === 'pending') return { status: 'blocked', error: `waiting for ${key}` };
    if (state.status === 'gone' || !state.ref.message_id)
      return { status: 'failed', error: `message ${key} was never delivered` };
    return state.ref;
  }

  const isResult = (value: object): value is DeliveryResult => 'status' in value;

  /**
   * Lark has no link to a message in someone else's chat: a permalink block links to the group
   * chat its message went to (the rep is a member), and is left out for a one-to-one message.
   */
  async function permalinks(row: OutboxRow, refs: RefLookup): Promise<Map<string, string> | DeliveryResult> {
    const links = new Map<string, string>();
    for (const block of row.message.blocks) {
      if (block.type !== 'permalink') continue;
      const state = await refs(block.outboxKey);
      if (state.status === 'pending') return { status: 'blocked', error: `waiting for ${block.outboxKey}` };
      if (state.status === 'sent' && state.ref.chat === 'group' && state.ref.chat_id)
        links.set(block.outboxKey, chatAppLink(state.ref.chat_id, options.domain));
    }
    return links;
  }

  /** The card's JSON, made when it is about to go: its pictures are uploaded only then, once. */
  type Content = () => Promise<string>;

  async function send(
    row: OutboxRow,
    to: { type: 'chat_id' | 'open_id'; id: string },
    content: Content,
    slots: Slot[],
  ): Promise<DeliveryResult> {
    const wait = await paced(to.id, slots);
    if (wait) return wait;
    const card = await content();
    const answer = await call(() =>
      client.im.message.create({
        params: { receive_id_type: to.type },
        data: { receive_id: to.id, msg_type: 'interactive', content: card, uuid: uuidOf(row.key) },
      }),
    );
    const ref = { message_id: answer.data?.message_id ?? '', chat_id: answer.data?.chat_id ?? '' };
    // `chat: group`: a chat of several members, which a permalink elsewhere may open.
    return { status: 'sent', ref: to.type === 'chat_id' ? { ...ref, chat: 'group' } : ref };
  }

  async function deliver(row: OutboxRow, refs: RefLookup, slots: Slot[]): Promise<DeliveryResult> {
    const links = await permalinks(row, refs);
    if (isResult(links)) return links;
    const { form, images = [] } = row.message;
    // A group send may try a second chat: the pictures are uploaded for the first try only.
    let uploaded: CardImage[] | undefined;
    const content: Content = async () => {
      if (form) return JSON.stringify(renderFormCard(form));
      if (images.length > 0 && !uploaded) uploaded = await uploadImages(lark, images);
      return JSON.stringify(renderCard(row.message, links, uploaded ?? []));
    };
    const target = row.target;
    switch (target.type) {
      case 'dm':
        return send(row, { type: 'open_id', id: target.userId }, content, slots);
      case 'group': {
        // A chat of these people the bot creates once; without it, the person the use case named.
        const fallback = { type: 'open_id', id: target.fallbackUserId } as const;
        const chatId = await groupChats?.chatOf(target.userIds, target.name);
        if (!chatId) return send(row, fallback, content, slots);
        try {
          return await send(row, { type: 'chat_id', id: chatId }, content, slots);
        } catch (error) {
          if (!isChatGone(error)) throw error;
        }
        // Removed from the chat, or it was disbanded: a new chat, else the approver alone.
        const fresh = await groupChats?.replace(target.userIds, chatId, target.name);
        if (fresh) {
          try {
            return await send(row, { type: 'chat_id', id: fresh }, content, slots);
          } catch (error) {
            if (!isChatGone(error)) throw error;
          }
        }
        return send(row, fallback, content, slots);
      }
      case 'thread': {
        const ref = await parent(target.parentKey, refs);
        if (isResult(ref)) return ref;
        const wait = await paced(ref.chat_id || ref.message_id!, slots);
        if (wait) return wait;
        const card = await content();
        const answer = await call(() =>
          client.im.message.reply({
            path: { message_id: ref.message_id! },
            data: { msg_type: 'interactive', content: card, reply_in_thread: true, uuid: uuidOf(row.key) },
          }),
        );
        return {
          status: 'sent',
          ref: { message_id: answer.data?.message_id ?? '', chat_id: ref.chat_id ?? '' },
        };
      }
      case 'update': {
        const ref = await parent(target.parentKey, refs);
        if (isResult(ref)) return ref;
        // PATCH, not the SDK's PUT update: only PATCH works on cards (both need update_multi).
        const card = await content();
        await call(() =>
          client.im.message.patch({ path: { message_id: ref.message_id! }, data: { content: card } }),
        );
        return { status: 'sent', ref };
      }
      case 'home': {
        if (!target.cardKey) return send(row, { type: 'open_id', id: target.userId }, content, slots);
        // Only the latest home card is kept current; one that never landed has nothing to update.
        const known = await refs(target.cardKey);
        if (known.status === 'gone') return { status: 'sent' };
        const ref = await parent(target.cardKey, refs);
        if (isResult(ref)) return ref;
        const card = await content();
        await call(() =>
          client.im.message.patch({ path: { message_id: ref.message_id! }, data: { content: card } }),
        );
        return { status: 'sent', ref };
      }
      case 'response_url':
        return { status: 'failed', error: 'response URLs are Slack only' };
    }
  }

  return {
    async deliver(row, refs) {
      // The app's pace counts each send from its answer: its slot is given back when it is in.
      const slots: Slot[] = [];
      let result: DeliveryResult;
      try {
        result = await deliver(row, refs, slots);
      } catch (error) {
        result = classify(error instanceof LarkCallError ? error : toCallError(error));
      }
      // A send refused with a 429 was not counted by Lark (the fakes model it so): its slot goes back.
      const refused = result.status === 'retry' && result.rateLimited === true;
      for (const slot of slots) slot.done(!refused);
      return result;
    },
  };
}

/** A member's time zone from the contact API (Lark has no language setting there). */
export function larkProfileSource({ client, tokens }: LarkClient): ProfileSource {
  return async (openId) => {
    try {
      const answer = await callLark(tokens, () =>
        client.contact.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } }),
      );
      const zone = answer.data?.user?.time_zone;
      return zone ? { timezone: zone } : {};
    } catch (error) {
      // A 4xx other than the token (unknown user, no permission) means there is nothing to learn.
      if (
        error instanceof LarkCallError &&
        error.status !== undefined &&
        error.status < 500 &&
        error.status !== 429
      ) {
        return undefined;
      }
      throw error;
    }
  };
}
