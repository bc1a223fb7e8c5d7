/**
 * The group conversations of the Slack notifier (notifier.ts): a rep, their approver and the bot.
 */
import type { WebClient } from '@slack/web-api';
import type { DeliveryResult } from '../../jobs/delivery.ts';
import { slackErrorOf } from './platform-error.ts';

/** Slack's answers when a conversation id no longer leads anywhere a post can go. */
const GONE_CONVERSATION = new Set(['channel_not_found', 'is_archived', 'not_in_channel']);

/**
 * The group conversation of a set of members, as conversations.open answers it: the same id for the
 * same members every time, so it is asked once per process, not before every post — a paced row
 * comes back several times a second during a busy morning, and each return cost a call. A post
 * refused because the conversation is gone (archived, say) forgets it, and the row is tried again
 * with a fresh conversations.open.
 */
export function groupConversations(client: WebClient) {
  const known = new Map<string, string>();
  /** Plenty for every supervisor–rep pair of a large team; beyond it, start over rather than grow. */
  const MAX_KNOWN = 20_000;
  return {
    /** The conversation, and whether it was known from an earlier post (it may be gone since). */
    async open(userIds: string[]): Promise<{ channel: string; known: boolean } | undefined> {
      const users = userIds.join(',');
      const cached = known.get(users);
      if (cached) return { channel: cached, known: true };
      const channel = (await client.conversations.open({ users })).channel?.id;
      if (!channel) return undefined;
      if (known.size >= MAX_KNOWN) known.clear();
      known.set(users, channel);
      return { channel, known: false };
    },
    /**
     * A refused post: a conversation known from before and gone since is forgotten and the row tried
     * again; one Slack has just opened and refuses is a real failure (rethrown, and classified).
     */
    refused(userIds: string[], wasKnown: boolean, error: unknown): DeliveryResult {
      const slackError = slackErrorOf(error);
      if (!slackError || !GONE_CONVERSATION.has(slackError)) throw error;
      known.delete(userIds.join(','));
      if (!wasKnown) throw error;
      return { status: 'retry', error: `${slackError}: opening the conversation again` };
    },
  };
}
