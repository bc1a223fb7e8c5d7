import { createHash } from 'node:crypto';
import { type GroupChats, groupChatKey } from '../../app/group-chats.ts';
import type { Logger } from '../../logger.ts';
import { callLark, isTransient, LarkCallError, toCallError } from './call.ts';
import type { LarkClient } from './client.ts';

/** Lark caps a chat name at 100 characters (group names: keep them readable in the chat list). */
const MAX_NAME = 60;
const DEFAULT_NAME = 'AccountDesk approvals';

/**
 * The `uuid` of im.chat.create: Lark creates one chat per uuid in 10 hours and answers a repeat with
 * that chat, so instances racing on a new pair end up in the same chat. A chat replacing a dead one
 * has a uuid of its own (the dead chat's id in it), or Lark would answer with the dead chat again;
 * instances replacing the same dead chat still share the new one.
 */
const chatUuid = (key: string, replacing?: string) =>
  createHash('sha256')
    .update(replacing ? `group:${key}:after:${replacing}` : `group:${key}`)
    .digest('hex')
    .slice(0, 40);

export type LarkGroupChats = {
  /** The chat of these members, made once; undefined: send to one person instead. */
  chatOf(userIds: readonly string[], name?: string): Promise<string | undefined>;
  /** The bot can no longer post in `dead`: it is forgotten and a new chat made (undefined if refused). */
  replace(userIds: readonly string[], dead: string, name?: string): Promise<string | undefined>;
};

/**
 * Finds or creates the group chat of these members (the bot created it, the bot owns it). Answers
 * undefined when there is no one to share a chat with, or when Lark refuses to create one (no
 * `im:chat` permission, a member it does not know): the caller then sends to one person, as
 * before, and the reason is logged once. A 5xx or 429 is thrown, so the delivery is retried.
 */
export function larkGroupChats(
  { client, tokens }: LarkClient,
  chats: GroupChats,
  logger?: Logger,
): LarkGroupChats {
  let told = false;

  function refused(failure: LarkCallError): void {
    if (told) return;
    told = true;
    const why = failure.missingPermission
      ? `the Lark app lacks the permission ${failure.missingPermission}`
      : `Lark refused to create it (${failure.message})`;
    logger?.warn(
      { permission: failure.missingPermission, code: failure.code, status: failure.status },
      `approval cards go to the approver alone, not to a group chat with the rep: ${why}; grant im:chat (manifest/lark.md)`,
    );
  }

  async function create(key: string, name: string | undefined, replacing?: string) {
    let chatId: string | undefined;
    try {
      const answer = await callLark(tokens, () =>
        client.im.chat.create({
          params: { user_id_type: 'open_id', uuid: chatUuid(key, replacing) },
          data: {
            name: (name || DEFAULT_NAME).slice(0, MAX_NAME),
            user_id_list: key.split(','),
            chat_mode: 'group',
            chat_type: 'private',
          },
        }),
      );
      chatId = answer.data?.chat_id;
    } catch (error) {
      const failure = error instanceof LarkCallError ? error : toCallError(error);
      if (isTransient(failure)) throw failure;
      refused(failure);
      return undefined;
    }
    if (!chatId) throw new LarkCallError(undefined, undefined, 'lark im.chat.create answered no chat_id');
    return chats.remember(key, chatId);
  }

  return {
    async chatOf(userIds, name) {
      const key = groupChatKey(userIds);
      if (key.split(',').length < 2) return undefined;
      return (await chats.find(key)) ?? create(key, name);
    },
    async replace(userIds, dead, name) {
      const key = groupChatKey(userIds);
      await chats.forget(key, dead);
      logger?.warn(
        { chatId: dead },
        'the bot can no longer post in an approval group chat: making a new one',
      );
      const kept = await chats.find(key);
      // Another instance replaced it already: theirs is the one kept.
      if (kept && kept !== dead) return kept;
      // One that met the pair anew got the dead chat again for the old uuid and kept it.
      if (kept) await chats.forget(key, dead);
      return create(key, name, dead);
    },
  };
}
