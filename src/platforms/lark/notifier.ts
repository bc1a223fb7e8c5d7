import { createHash } from 'node:crypto';
import type { DeliveryResult, MessageRef, Notifier, OutboxRow, RefLookup } from '../../jobs/outbox-worker.ts';
import type { ProfileSource } from '../../jobs/profile-sync.ts';
import { type Card, renderCard, renderFormCard } from './card.ts';
import type { LarkClient } from './client.ts';

/** Codes meaning "this tenant access token is no longer good": refresh and retry at once. */
const TOKEN_REJECTED = new Set([99991661, 99991663, 99991664, 99991668]);
const RATE_LIMITED = 99991400;
/** The app was not granted a permission (scope) the call needs: 99991672 app scope, 99991676 token scope. */
const PERMISSION_MISSING = new Set([99991672, 99991676]);

/** Lark allows 5 messages a second to one user or group, 50 a second per app. */
const PER_RECEIVER_INTERVAL_MS = 200;
const PER_APP_INTERVAL_MS = 20;

type LarkAnswer = { code?: number; msg?: string; data?: { message_id?: string; chat_id?: string } };

/** Lark names what is missing in `error.permission_violations[].subject` (and in `msg`). */
type LarkErrorBody = {
  code?: number;
  msg?: string;
  error?: { permission_violations?: { subject?: string }[] };
};

type HttpError = { response?: { status?: number; headers?: Record<string, string>; data?: LarkErrorBody } };

/** The outbox key as Lark's `uuid` (≤ 50 chars): the same message is never sent twice within an hour. */
const uuidOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 40);

class LarkCallError extends Error {
  constructor(
    readonly code: number | undefined,
    readonly status: number | undefined,
    message: string,
    readonly resetSeconds?: number,
    readonly missingPermission?: string,
  ) {
    super(message);
  }
}

function toCallError(error: unknown): LarkCallError {
  const response = (error as HttpError).response;
  if (!response)
    return new LarkCallError(undefined, undefined, error instanceof Error ? error.message : String(error));
  const reset = Number(response.headers?.['x-ogw-ratelimit-reset']);
  return new LarkCallError(
    response.data?.code,
    response.status,
    `lark http ${response.status} code ${response.data?.code} ${response.data?.msg ?? ''}`.trim(),
    Number.isFinite(reset) ? reset : undefined,
    missingPermissionOf(response.data),
  );
}

function missingPermissionOf(body: LarkErrorBody | undefined): string | undefined {
  if (body?.code === undefined || !PERMISSION_MISSING.has(body.code)) return undefined;
  const subjects = (body.error?.permission_violations ?? []).map((v) => v.subject).filter(Boolean);
  if (subjects.length > 0) return subjects.join(' or ');
  return /\[([^\]]+)\]/.exec(body.msg ?? '')?.[1] ?? 'unknown';
}

function classify(error: LarkCallError): DeliveryResult {
  if (error.status === 429 || error.code === RATE_LIMITED) {
    return {
      status: 'retry',
      error: error.message,
      afterMs: (error.resetSeconds ?? 1) * 1000,
      pauseAll: true,
    };
  }
  if (error.status === undefined || error.status >= 500) return { status: 'retry', error: error.message };
  // Anything else is Lark refusing this message (bad card, unknown user): retrying will not help.
  return {
    status: 'failed',
    error: error.message,
    ...(error.missingPermission ? { missingPermission: error.missingPermission } : {}),
  };
}

/** One API call; a rejected tenant token is refreshed and the call made once more. */
async function callLark<T extends { code?: number; msg?: string }>(
  tokens: LarkClient['tokens'],
  send: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let answer: T;
    try {
      answer = await send();
    } catch (error) {
      const failure = toCallError(error);
      if (attempt === 0 && failure.code !== undefined && TOKEN_REJECTED.has(failure.code)) {
        tokens.clear();
        continue;
      }
      throw failure;
    }
    if (attempt === 0 && answer.code && TOKEN_REJECTED.has(answer.code)) {
      tokens.clear();
      continue;
    }
    if (answer.code)
      throw new LarkCallError(
        answer.code,
        200,
        `lark code ${answer.code} ${answer.msg ?? ''}`.trim(),
        undefined,
        missingPermissionOf(answer as LarkErrorBody),
      );
    return answer;
  }
}

/** Delivers outbox rows as cards; records message ids for thread replies and in-place updates. */
export function createLarkNotifier({ client, tokens }: LarkClient): Notifier {
  const lastToReceiver = new Map<string, number>();
  let lastAny = 0;

  const call = (send: () => Promise<LarkAnswer>) => callLark(tokens, send);

  function paced(receiver: string): DeliveryResult | undefined {
    const now = Date.now();
    const wait =
      Math.max(
        (lastToReceiver.get(receiver) ?? 0) + PER_RECEIVER_INTERVAL_MS,
        lastAny + PER_APP_INTERVAL_MS,
      ) - now;
    if (wait > 0) return { status: 'blocked', error: `pacing ${receiver}`, afterMs: wait };
    lastToReceiver.set(receiver, now);
    lastAny = now;
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

  async function deliver(row: OutboxRow, refs: RefLookup): Promise<DeliveryResult> {
    // Lark has no link to a message in someone else's chat: permalink blocks are left out.
    const card: Card = row.message.form ? renderFormCard(row.message.form) : renderCard(row.message);
    const content = JSON.stringify(card);
    const target = row.target;
    switch (target.type) {
      case 'dm':
      case 'group': {
        // Lark bots talk one to one: a shared conversation goes to the person the use case named for it.
        const receiver = target.type === 'dm' ? target.userId : target.fallbackUserId;
        const wait = paced(receiver);
        if (wait) return wait;
        const answer = await call(() =>
          client.im.message.create({
            params: { receive_id_type: 'open_id' },
            data: { receive_id: receiver, msg_type: 'interactive', content, uuid: uuidOf(row.key) },
          }),
        );
        return {
          status: 'sent',
          ref: { message_id: answer.data?.message_id ?? '', chat_id: answer.data?.chat_id ?? '' },
        };
      }
      case 'thread': {
        const ref = await parent(target.parentKey, refs);
        if (isResult(ref)) return ref;
        const wait = paced(ref.chat_id || ref.message_id!);
        if (wait) return wait;
        const answer = await call(() =>
          client.im.message.reply({
            path: { message_id: ref.message_id! },
            data: { msg_type: 'interactive', content, reply_in_thread: true, uuid: uuidOf(row.key) },
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
        await call(() =>
          client.im.message.patch({ path: { message_id: ref.message_id! }, data: { content } }),
        );
        return { status: 'sent', ref };
      }
      case 'response_url':
        return { status: 'failed', error: 'response URLs are Slack only' };
    }
  }

  return {
    async deliver(row, refs) {
      try {
        return await deliver(row, refs);
      } catch (error) {
        return classify(error instanceof LarkCallError ? error : toCallError(error));
      }
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
