/** One Lark Open API call, its errors, and what they mean for a delivery. */
import type { DeliveryResult } from '../../jobs/delivery.ts';
import type { LarkClient } from './client.ts';

/** Codes meaning "this tenant access token is no longer good": refresh and retry at once. */
const TOKEN_REJECTED = new Set([99991661, 99991663, 99991664, 99991668]);
const RATE_LIMITED = 99991400;
/** The app was not granted a permission (scope) the call needs: 99991672 app scope, 99991676 token scope. */
const PERMISSION_MISSING = new Set([99991672, 99991676]);

/**
 * Codes of a send to a group chat the bot can no longer post in: 230002 the bot is not in the chat
 * (removed), 232009 the chat was disbanded, 232011 the operator (the bot) is not in the chat.
 */
const CHAT_GONE = new Set([230002, 232009, 232011]);

/** Lark names what is missing in `error.permission_violations[].subject` (and in `msg`). */
type LarkErrorBody = {
  code?: number;
  msg?: string;
  error?: { permission_violations?: { subject?: string }[] };
};

type HttpError = { response?: { status?: number; headers?: Record<string, string>; data?: LarkErrorBody } };

export class LarkCallError extends Error {
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

export function toCallError(error: unknown): LarkCallError {
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

export const isChatGone = (error: unknown) =>
  error instanceof LarkCallError && error.code !== undefined && CHAT_GONE.has(error.code);

/** A 5xx, a 429, a network failure: worth trying again. Anything else is Lark refusing the call. */
export const isTransient = (error: LarkCallError) =>
  error.status === undefined || error.status >= 500 || error.status === 429 || error.code === RATE_LIMITED;

export function classify(error: LarkCallError): DeliveryResult {
  if (error.status === 429 || error.code === RATE_LIMITED) {
    return {
      status: 'retry',
      error: error.message,
      afterMs: (error.resetSeconds ?? 1) * 1000,
      rateLimited: true,
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
export async function callLark<T extends { code?: number; msg?: string }>(
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
