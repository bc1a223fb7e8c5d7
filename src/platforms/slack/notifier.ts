import { ErrorCode, type WebAPICallError, WebClient } from '@slack/web-api';
import type { DeliveryResult, MessageRef, Notifier, OutboxRow, RefLookup } from '../../jobs/delivery.ts';
import type { Logger } from '../../logger.ts';
import { createPacer, type RateWindow, type Slot } from '../pacer.ts';
import { groupConversations } from './group-conversations.ts';
import { postWithImages } from './images.ts';
import { findLanded, outboxMetadata } from './landed.ts';
import { renderMessage } from './render.ts';

/** Slack errors that say "try again later" rather than "this message is wrong". */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

export function createSlackWebClient(token: string, apiUrl: string | undefined, logger: Logger): WebClient {
  return new WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    // The outbox owns retries and 429 waits; the client must fail fast instead of sleeping in a queue.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logger: {
      debug: (...msg) => logger.debug({ slack: msg }),
      info: (...msg) => logger.debug({ slack: msg }),
      warn: (...msg) => logger.warn({ slack: msg }),
      error: (...msg) => logger.error({ slack: msg }),
      setLevel: () => {},
      getLevel: () => 'info' as never,
      setName: () => {},
    },
  });
}

function classify(error: unknown): DeliveryResult {
  const coded = error as Partial<WebAPICallError>;
  switch (coded.code) {
    case ErrorCode.RateLimitedError:
      return {
        status: 'retry',
        error: 'ratelimited',
        afterMs: (coded.retryAfter ?? 1) * 1000,
        rateLimited: true,
      };
    case ErrorCode.PlatformError: {
      const slackError = coded.data?.error ?? 'unknown';
      if (slackError === 'missing_scope') {
        // Slack says which scope the token lacks in `needed` (e.g. "chat:write").
        const needed = (coded.data as { needed?: string } | undefined)?.needed ?? 'unknown';
        return { status: 'failed', error: `missing_scope ${needed}`, missingPermission: needed };
      }
      return TRANSIENT.has(slackError)
        ? { status: 'retry', error: slackError }
        : { status: 'failed', error: slackError };
    }
    case ErrorCode.HTTPError:
      return { status: 'retry', error: `http ${coded.statusCode}` };
    default:
      return { status: 'retry', error: error instanceof Error ? error.message : String(error) };
  }
}

/** Slack allows about one message per second per channel; bursts beyond that draw 429s. */
const CHANNEL_INTERVAL_MS = 1000;

/**
 * About 50 posts a second per workspace (chat.postMessage's workspace-wide limit), counted from
 * each post's answer (pacer.ts).
 */
export const SLACK_WORKSPACE_RATE: RateWindow = { limit: 50 };

/** A post waits in hand for the workspace's pace up to this long; beyond it, the row goes back. */
const MAX_WORKSPACE_WAIT_MS = 2000;

export type SlackNotifierOptions = { channelIntervalMs?: number; workspace?: RateWindow };

/** Delivers outbox rows to Slack and returns where each message landed (channel + ts). */
export function createSlackNotifier(client: WebClient, options: SlackNotifierOptions = {}): Notifier {
  const channelIntervalMs = options.channelIntervalMs ?? CHANNEL_INTERVAL_MS;
  const workspace = createPacer(options.workspace ?? SLACK_WORKSPACE_RATE);
  const lastPost = new Map<string, number>();
  const groups = groupConversations(client);

  /**
   * Paces posts per conversation in this instance (the row goes back while its channel waits, so
   * other conversations go meanwhile), then waits in hand for the workspace's pace, which is short
   * and shared by every delivery. A 429 from Slack covers what pacing misses.
   */
  async function paced(channel: string, slots: Slot[]): Promise<DeliveryResult | undefined> {
    const now = Date.now();
    const previous = lastPost.get(channel);
    const wait = (previous ?? 0) + channelIntervalMs - now;
    if (wait > 0) return { status: 'blocked', error: `pacing ${channel}`, afterMs: wait };
    // Held before the workspace wait: a second row of this channel must not slip in meanwhile.
    lastPost.set(channel, now);
    const slot = await workspace.take(MAX_WORKSPACE_WAIT_MS);
    if (typeof slot === 'number') {
      if (previous === undefined) lastPost.delete(channel);
      else lastPost.set(channel, previous);
      return { status: 'blocked', error: 'pacing the workspace', afterMs: slot };
    }
    slots.push(slot);
    if (lastPost.size > 10_000) lastPost.clear();
    return undefined;
  }

  async function permalinks(row: OutboxRow, refs: RefLookup): Promise<Map<string, string> | DeliveryResult> {
    const links = new Map<string, string>();
    for (const block of row.message.blocks) {
      if (block.type !== 'permalink') continue;
      const state = await refs(block.outboxKey);
      if (state.status === 'pending') return { status: 'blocked', error: `waiting for ${block.outboxKey}` };
      if (state.status !== 'sent' || !state.ref.channel || !state.ref.ts) continue;
      const result = await client.chat.getPermalink({ channel: state.ref.channel, message_ts: state.ref.ts });
      if (result.permalink) links.set(block.outboxKey, result.permalink);
    }
    return links;
  }

  async function parentRef(key: string, refs: RefLookup): Promise<MessageRef | DeliveryResult> {
    const state = await refs(key);
    if (state.status === 'pending') return { status: 'blocked', error: `waiting for ${key}` };
    if (state.status === 'gone' || !state.ref.channel || !state.ref.ts) {
      return { status: 'failed', error: `message ${key} was never delivered` };
    }
    return state.ref;
  }

  const isResult = (value: object): value is DeliveryResult => 'status' in value;

  /**
   * When an earlier attempt at this row began and its outcome was never recorded (the process died
   * during the call), looks in the conversation for the message first: found, it counts as sent.
   */
  async function landedEarlier(
    row: OutboxRow,
    where: { users: string } | { channel: string; threadTs?: string },
  ): Promise<DeliveryResult | undefined> {
    if (!row.attemptStartedAt) return undefined;
    const channel =
      'users' in where
        ? (await client.conversations.open({ users: where.users })).channel?.id
        : where.channel;
    if (!channel) return undefined;
    const since = new Date(row.attemptStartedAt);
    const ts = await findLanded(client, row.key, since, { ...where, channel } as {
      channel: string;
      threadTs?: string;
    });
    return ts ? { status: 'sent', ref: { channel, ts } } : undefined;
  }

  /**
   * The pace counts from when Slack answered the last post, not from when it was sent: Slack sees
   * arrivals, and a slow first post would otherwise let the next one land less than a second after.
   */
  async function deliver(row: OutboxRow, refs: RefLookup): Promise<DeliveryResult> {
    const posting: string[] = [];
    const slots: Slot[] = [];
    const pace = async (channel: string) => {
      const wait = await paced(channel, slots);
      if (!wait) posting.push(channel);
      return wait;
    };
    // A post refused with a 429 was not counted by Slack (the fakes model it so): its slot goes back.
    let refused = false;
    try {
      return await deliverPaced(row, refs, pace);
    } catch (error) {
      refused = (error as Partial<WebAPICallError>).code === ErrorCode.RateLimitedError;
      throw error;
    } finally {
      for (const channel of posting) lastPost.set(channel, Date.now());
      for (const slot of slots) slot.done(!refused);
    }
  }

  async function deliverPaced(
    row: OutboxRow,
    refs: RefLookup,
    paced: (channel: string) => Promise<DeliveryResult | undefined>,
  ): Promise<DeliveryResult> {
    const links = await permalinks(row, refs);
    if (isResult(links)) return links;
    const { text, blocks } = renderMessage(row.message, links);
    const metadata = outboxMetadata(row.key);
    const target = row.target;
    const images = row.message.images ?? [];
    const withImages = (where: { channel: string; threadTs?: string }, pace = where.channel) =>
      postWithImages(client, { row, where, text, blocks, images, paced: () => paced(pace) });
    if (images.length > 0 && !['dm', 'group', 'thread'].includes(target.type))
      // Slack cannot add files to a message already posted, nor to a Home tab or a private answer.
      return {
        status: 'failed',
        error: `images go only with a new message (dm, group, thread), not with target ${target.type}`,
      };
    switch (target.type) {
      case 'dm': {
        if (images.length > 0) {
          const channel = (await client.conversations.open({ users: target.userId })).channel?.id;
          if (!channel) return { status: 'retry', error: 'conversations.open returned no channel' };
          return withImages({ channel }, target.userId);
        }
        const already = await landedEarlier(row, { users: target.userId });
        if (already) return already;
        const wait = await paced(target.userId);
        if (wait) return wait;
        const posted = await client.chat.postMessage({ channel: target.userId, text, blocks, metadata });
        return { status: 'sent', ref: { channel: posted.channel ?? target.userId, ts: posted.ts ?? '' } };
      }
      case 'group': {
        const opened = await groups.open(target.userIds);
        if (!opened) return { status: 'retry', error: 'conversations.open returned no channel' };
        const channel = opened.channel;
        if (images.length > 0) return withImages({ channel });
        const already = await landedEarlier(row, { channel });
        if (already) return already;
        const wait = await paced(channel);
        if (wait) return wait;
        try {
          const posted = await client.chat.postMessage({ channel, text, blocks, metadata });
          return { status: 'sent', ref: { channel, ts: posted.ts ?? '' } };
        } catch (error) {
          return groups.refused(target.userIds, opened.known, error);
        }
      }
      case 'thread': {
        const parent = await parentRef(target.parentKey, refs);
        if (isResult(parent)) return parent;
        if (images.length > 0) return withImages({ channel: parent.channel!, threadTs: parent.ts! });
        const already = await landedEarlier(row, { channel: parent.channel!, threadTs: parent.ts! });
        if (already) return already;
        const wait = await paced(parent.channel!);
        if (wait) return wait;
        const posted = await client.chat.postMessage({
          channel: parent.channel!,
          thread_ts: parent.ts!,
          text,
          blocks,
          metadata,
        });
        return { status: 'sent', ref: { channel: parent.channel!, ts: posted.ts ?? '' } };
      }
      case 'update': {
        const parent = await parentRef(target.parentKey, refs);
        if (isResult(parent)) return parent;
        await client.chat.update({ channel: parent.channel!, ts: parent.ts!, text, blocks });
        return { status: 'sent', ref: parent };
      }
      case 'home': {
        await client.views.publish({ user_id: target.userId, view: { type: 'home', blocks } });
        return { status: 'sent' };
      }
      case 'response_url': {
        const response = await fetch(target.url, {
          method: 'POST',
          signal: AbortSignal.timeout(10_000),
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            response_type: 'ephemeral',
            replace_original: target.replaceOriginal,
            text,
            blocks,
          }),
        });
        if (response.ok) return { status: 'sent' };
        // A response_url lives 30 minutes and takes 5 posts: 404 means it expired.
        if (response.status === 404) return { status: 'failed', error: 'response_url expired' };
        return { status: 'retry', error: `response_url ${response.status}` };
      }
    }
  }

  return {
    async deliver(row, refs) {
      try {
        return await deliver(row, refs);
      } catch (error) {
        return classify(error);
      }
    },
  };
}
