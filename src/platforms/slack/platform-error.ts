import { ErrorCode, type WebAPICallError } from '@slack/web-api';

/** The `error` of a Slack API answer with `ok: false` (e.g. "is_archived"); undefined for any other failure. */
export function slackErrorOf(error: unknown): string | undefined {
  const coded = error as Partial<WebAPICallError>;
  return coded.code === ErrorCode.PlatformError ? coded.data?.error : undefined;
}
