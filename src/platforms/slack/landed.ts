import type { WebClient } from '@slack/web-api';
import { slackErrorOf } from './platform-error.ts';

/**
 * Every message the outbox posts carries its outbox key in Slack message metadata, so that after a
 * crash during the call the worker can look in the conversation for it instead of posting again
 * (README, "Delivered once"). Reading it back needs the history scopes of the bot's own
 * conversations (`im:history`, `mpim:history`; manifest/slack.yaml).
 */
export const OUTBOX_EVENT_TYPE = 'accountdesk_outbox_message';

export const outboxMetadata = (key: string) => ({
  event_type: OUTBOX_EVENT_TYPE,
  event_payload: { outbox_key: key },
});

type Listed = { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } };

const carries = (key: string) => (message: Listed) =>
  message.metadata?.event_type === OUTBOX_EVENT_TYPE && message.metadata.event_payload?.outbox_key === key;

/**
 * The ts of the message with this outbox key posted since `since` (a minute of clock skew allowed),
 * at the top of `channel` or in the thread `threadTs`; undefined when it is not there.
 */
export async function findLanded(
  client: WebClient,
  key: string,
  since: Date,
  where: { channel: string; threadTs?: string },
): Promise<string | undefined> {
  const oldest = String(Math.floor(since.getTime() / 1000) - 60);
  try {
    return await lookUp(client, key, oldest, where);
  } catch (error) {
    // Installed before the history scopes were asked for: the message cannot be looked for, so it
    // is posted again, as it was before the look-up existed (README, "Installing the Slack app").
    if (isMissingScope(error)) return undefined;
    throw error;
  }
}

function isMissingScope(error: unknown): boolean {
  return slackErrorOf(error) === 'missing_scope';
}

async function lookUp(
  client: WebClient,
  key: string,
  oldest: string,
  where: { channel: string; threadTs?: string },
): Promise<string | undefined> {
  const listed = where.threadTs
    ? await client.conversations.replies({
        channel: where.channel,
        ts: where.threadTs,
        oldest,
        include_all_metadata: true,
        limit: 200,
      })
    : await client.conversations.history({
        channel: where.channel,
        oldest,
        include_all_metadata: true,
        limit: 200,
      });
  return ((listed.messages ?? []) as Listed[]).find(carries(key))?.ts;
}
