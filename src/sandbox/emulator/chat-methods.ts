/**
 * The chat.* Web API methods and response_url posts: Slack's rules for who may post, edit and
 * delete what, checked against the workspace's conversations and applied to its message store.
 */
import { messageBlockProblems } from './block-kit-limits.ts';
import {
  APP_ID,
  type ApiBody,
  BOT_ID,
  BOT_USER_ID,
  type ResponseContext,
  type StoredMessage,
} from './slack-model.ts';
import { isTruthyArg, messageContent, stringArg } from './slack-wire.ts';
import type { ConversationDirectory } from './workspace-conversations.ts';
import type { MessageStore } from './workspace-messages.ts';

type Content = { text?: string; blocks?: unknown[]; attachments?: unknown[] };

export type ChatMethodsDeps = {
  conversations: ConversationDirectory;
  messages: MessageStore;
  teamId: string;
  /** Base of permalinks, ending in '/'. */
  workspaceUrl: () => string;
};

export class ChatMethods {
  private readonly conversations: ConversationDirectory;
  private readonly store: MessageStore;
  private readonly teamId: string;
  private readonly workspaceUrl: () => string;

  constructor(deps: ChatMethodsDeps) {
    this.conversations = deps.conversations;
    this.store = deps.messages;
    this.teamId = deps.teamId;
    this.workspaceUrl = deps.workspaceUrl;
  }

  postMessage(args: Record<string, unknown>): ApiBody {
    const target = stringArg(args, 'channel');
    const channel = target === undefined ? undefined : this.conversations.resolve(target);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const content = checkedContent(args);
    if ('error' in content) return content.error;
    const stored = this.store.add(channel, {
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      ...content,
      thread_ts: stringArg(args, 'thread_ts'),
      metadata: args.metadata,
    });
    return { ok: true, channel, ts: stored.ts, message: this.toSlackMessage(stored) };
  }

  update(args: Record<string, unknown>): ApiBody {
    const found = this.messageAt(args, 'ts');
    if ('error' in found) return found;
    const { message } = found;
    // Real Slack refuses to edit other people's messages with this error.
    if (message.user !== BOT_USER_ID) return { ok: false, error: 'cant_update_message' };
    const content = checkedContent(args);
    if ('error' in content) return content.error;
    // Like Slack, fields left out of the update keep their previous value.
    if (content.text !== undefined) message.text = content.text;
    if (content.blocks !== undefined) message.blocks = content.blocks;
    if (content.attachments !== undefined) message.attachments = content.attachments;
    if (args.metadata !== undefined) message.metadata = args.metadata;
    this.store.revised(message);
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      text: message.text ?? '',
      message: this.toSlackMessage(message),
    };
  }

  delete(args: Record<string, unknown>): ApiBody {
    const found = this.messageAt(args, 'ts');
    if ('error' in found) return found;
    const { message } = found;
    if (message.user !== BOT_USER_ID) return { ok: false, error: 'cant_delete_message' };
    this.store.remove(message.channel, message.ts);
    return { ok: true, channel: message.channel, ts: message.ts };
  }

  postEphemeral(args: Record<string, unknown>): ApiBody {
    const target = stringArg(args, 'channel');
    const channel = target === undefined ? undefined : this.conversations.resolve(target);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const user = stringArg(args, 'user');
    if (user === undefined) return { ok: false, error: 'user_not_found' };
    const conversation = this.conversations.find(channel);
    if (conversation && conversation.kind !== 'channel' && !conversation.members.includes(user))
      return { ok: false, error: 'user_not_in_channel' };
    const content = checkedContent(args);
    if ('error' in content) return content.error;
    const threadTs = stringArg(args, 'thread_ts');
    const ephemeral = this.store.addEphemeral({
      channel,
      user,
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      ...(content.text !== undefined ? { text: content.text } : {}),
      ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
    });
    return { ok: true, message_ts: ephemeral.message_ts };
  }

  getPermalink(args: Record<string, unknown>): ApiBody {
    const found = this.messageAt(args, 'message_ts');
    if ('error' in found) return found;
    const { message } = found;
    return {
      ok: true,
      channel: message.channel,
      permalink: `${this.workspaceUrl()}archives/${message.channel}/p${message.ts.replace('.', '')}`,
    };
  }

  /** What Slack does with a post to a response_url bound to an interaction. */
  respond(context: ResponseContext, args: Record<string, unknown>): ApiBody {
    const content = messageContent(args);
    if ('error' in content) return { ok: false, error: content.error };
    const original = context.messageTs;
    if (isTruthyArg(args.delete_original) && original !== undefined) {
      if (context.ephemeral) this.store.dismissEphemeral(context.user, original);
      else this.store.remove(context.channel, original);
      return { ok: true };
    }
    if (isTruthyArg(args.replace_original) && original !== undefined) {
      if (context.ephemeral) {
        const ephemeral = this.store.findEphemeral(context.user, original);
        if (ephemeral) {
          ephemeral.text = content.text;
          ephemeral.blocks = content.blocks;
          this.store.changedEphemeral(context.channel, context.user, original);
          return { ok: true };
        }
      } else {
        const message = this.store.find(context.channel, original);
        if (message) {
          message.text = content.text;
          message.blocks = content.blocks;
          this.store.revised(message);
          return { ok: true };
        }
      }
    }
    const threadTs = stringArg(args, 'thread_ts') ?? context.threadTs;
    if (args.response_type === 'in_channel') {
      this.store.add(context.channel, {
        user: BOT_USER_ID,
        bot_id: BOT_ID,
        ...content,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return { ok: true };
    }
    this.store.addEphemeral({
      channel: context.channel,
      user: context.user,
      ...content,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { ok: true };
  }

  /** The message a call names by channel and timestamp, or Slack's error for a missing one. */
  private messageAt(
    args: Record<string, unknown>,
    tsArg: 'ts' | 'message_ts',
  ): { message: StoredMessage } | { ok: false; error: string } {
    const target = stringArg(args, 'channel');
    const channel = target === undefined ? undefined : this.conversations.resolve(target);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const ts = stringArg(args, tsArg);
    const message = ts === undefined ? undefined : this.store.find(channel, ts);
    return message ? { message } : { ok: false, error: 'message_not_found' };
  }

  /** The `message` object Slack returns from chat.postMessage / chat.update. */
  /** A message as the Web API returns it (metadata included; history strips it unless asked). */
  toSlackMessage(message: StoredMessage): Record<string, unknown> {
    const out: Record<string, unknown> = {
      type: 'message',
      user: message.user,
      ts: message.ts,
      team: this.teamId,
      text: message.text ?? '',
    };
    if (message.bot_id !== undefined) {
      out.bot_id = message.bot_id;
      out.app_id = APP_ID;
    }
    if (message.thread_ts !== undefined) out.thread_ts = message.thread_ts;
    if (message.blocks !== undefined) out.blocks = structuredClone(message.blocks);
    if (message.attachments !== undefined) out.attachments = structuredClone(message.attachments);
    if (message.metadata !== undefined) out.metadata = structuredClone(message.metadata);
    if (message.files !== undefined) out.files = structuredClone(message.files);
    return out;
  }
}

/** Text, blocks and attachments of a post, or the `ok: false` answer Slack gives for them. */
function checkedContent(args: Record<string, unknown>): Content | { error: ApiBody } {
  const content = messageContent(args);
  if ('error' in content) return { error: { ok: false, error: content.error } };
  if (content.text === undefined && content.blocks === undefined && content.attachments === undefined)
    return { error: { ok: false, error: 'no_text' } };
  const problems = content.blocks ? messageBlockProblems(content.blocks) : [];
  if (problems.length > 0)
    return { error: { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } } };
  return content;
}
