/**
 * A message with pictures on Slack: the message itself is posted as usual (text, blocks and the
 * outbox metadata), and right under it the pictures are shared as files through Slack's upload
 * flow — files.getUploadURLExternal per image, the bytes POSTed to its upload_url, then one
 * files.completeUploadExternal into the same conversation (and thread).
 *
 * Why two messages and not one file share carrying the text: a file share cannot carry message
 * metadata, so it could not be found again after a failure, and its `initial_comment` replaces the
 * blocks (Slack ignores `blocks` when it is set). The posted message is what a thread, an update or
 * a permalink refers to; the share under it carries no comment, so the text is not shown twice.
 *
 * Delivered once: the outbox tries a row again after any failure. On a row that was tried before,
 * the message is looked for by its metadata; found, it is not posted again, and the pictures are
 * shared only if no file share of the bot follows it (the conversation's later rows wait for this
 * one, so a file share of the bot after it is this row's). Files uploaded by a failed attempt but
 * never shared stay private to the bot and unseen.
 */
import type { FilesGetUploadURLExternalResponse, WebClient } from '@slack/web-api';
import type { DeliveryResult, OutboxRow } from '../../jobs/delivery.ts';
import type { MessageImage } from '../../messages/model.ts';
import { findLanded, outboxMetadata } from './landed.ts';
import type { renderMessage } from './render.ts';

type Where = { channel: string; threadTs?: string };
type Uploaded = { id: string; title: string };
type Listed = { ts?: string; bot_id?: string; files?: unknown[] };

/** Rows are retried for a few hours at most (25 attempts, backoff up to 10 minutes). */
const RETRY_HORIZON_MS = 24 * 60 * 60_000;
/** Slack shows a file's title above it; a long description belongs in alt_txt only. */
const MAX_TITLE = 80;

const titleOf = (image: MessageImage) =>
  image.alt && image.alt.length <= MAX_TITLE ? image.alt : image.name;

/** Each image announced, then its bytes sent to the URL Slack handed out for it. */
async function uploadImages(client: WebClient, images: MessageImage[]): Promise<Uploaded[] | DeliveryResult> {
  const uploaded: Uploaded[] = [];
  for (const image of images) {
    const bytes = Buffer.from(image.pngBase64, 'base64');
    // apiCall, because the documented argument is alt_txt (the SDK's typed method says alt_text).
    const announced: FilesGetUploadURLExternalResponse = await client.apiCall('files.getUploadURLExternal', {
      filename: image.name,
      length: bytes.length,
      alt_txt: image.alt,
    });
    const url = announced.upload_url;
    const id = announced.file_id;
    if (typeof url !== 'string' || typeof id !== 'string')
      return { status: 'retry', error: 'files.getUploadURLExternal returned no upload_url' };
    const response = await fetch(url, {
      method: 'POST',
      signal: AbortSignal.timeout(30_000),
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    if (!response.ok) {
      const error = `upload of ${image.name} answered ${response.status}`;
      return response.status >= 500 || response.status === 429
        ? { status: 'retry', error }
        : { status: 'failed', error };
    }
    uploaded.push({ id, title: titleOf(image) });
  }
  return uploaded;
}

/** Whether a file share of the bot follows the message `ts` (in its thread, when it is in one). */
async function sharedAfter(client: WebClient, where: Where, ts: string): Promise<boolean> {
  const listed = where.threadTs
    ? await client.conversations.replies({
        channel: where.channel,
        ts: where.threadTs,
        oldest: ts,
        limit: 200,
      })
    : await client.conversations.history({ channel: where.channel, oldest: ts, limit: 200 });
  return ((listed.messages ?? []) as Listed[]).some(
    (message) => message.ts !== ts && message.bot_id !== undefined && (message.files?.length ?? 0) > 0,
  );
}

export type ImagePost = {
  row: OutboxRow;
  where: Where;
  text: string;
  blocks: ReturnType<typeof renderMessage>['blocks'];
  images: MessageImage[];
  /** The conversation's pacing; undefined when the message may go now. */
  paced: () => Promise<DeliveryResult | undefined>;
};

/** Posts the message and shares its pictures under it, each once (see the top of this file). */
export async function postWithImages(client: WebClient, post: ImagePost): Promise<DeliveryResult> {
  const { row, where } = post;
  const tried = Boolean(row.attemptStartedAt) || row.attempts > 1;
  const since = row.attemptStartedAt
    ? new Date(row.attemptStartedAt)
    : new Date(Date.now() - RETRY_HORIZON_MS);
  const earlier = tried ? await findLanded(client, row.key, since, where) : undefined;
  if (earlier && (await sharedAfter(client, where, earlier)))
    return { status: 'sent', ref: { channel: where.channel, ts: earlier } };
  if (!earlier) {
    const wait = await post.paced();
    if (wait) return wait;
  }
  // Uploaded before anything is posted: a failure here leaves nothing in the conversation.
  const uploaded = await uploadImages(client, post.images);
  if (!Array.isArray(uploaded)) return uploaded;
  const ts =
    earlier ??
    (
      await client.chat.postMessage({
        channel: where.channel,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
        text: post.text,
        blocks: post.blocks,
        metadata: outboxMetadata(row.key),
      })
    ).ts ??
    '';
  const [first, ...rest] = uploaded;
  if (!first) return { status: 'sent', ref: { channel: where.channel, ts } };
  await client.files.completeUploadExternal({
    files: [first, ...rest],
    channel_id: where.channel,
    ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
  });
  return { status: 'sent', ref: { channel: where.channel, ts } };
}
