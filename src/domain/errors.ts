/**
 * Every failure a user can meet has a code from this closed set; each locale's catalog maps
 * every code to a sentence (a missing one is a compile error).
 */
export const ERROR_CODES = [
  'not_registered',
  'customer_missing',
  'customer_not_found',
  'notes_missing',
  'text_too_long',
  'date_invalid',
  'date_in_past',
  'stage_unknown',
  'kind_unknown',
  'percent_missing',
  'percent_invalid',
  'percent_out_of_range',
  'amount_invalid',
  'amount_out_of_range',
  'reason_unknown',
  'reason_missing',
  'deal_invalid',
  'customer_ambiguous',
  'justification_missing',
  'over_policy',
  'no_approver',
  'request_not_found',
  'not_approver',
  'own_request',
  'already_decided',
  'note_too_long',
  'not_requester',
  'request_closed',
  'request_withdrawn',
  'request_superseded',
  'counter_not_below',
  'counter_above_limit',
  'counter_not_waiting',
  'counter_not_requester',
  'member_left',
  'leave_to_self',
  'leave_to_inactive',
  'leave_no_owner',
  'away_usage',
  'away_date_invalid',
  'away_until_before_from',
  'away_until_past',
  'delegate_unknown',
  'delegate_self',
  'delegate_loop',
  'delegate_none',
  'report_period_unknown',
  'tier_unknown',
  'prospect_name_missing',
  'prospect_name_too_long',
  'prospect_exists',
  'prospect_exists_elsewhere',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Record<string, string | number | readonly string[]>;

export type UserError = { code: ErrorCode; params?: ErrorParams };

export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, params?: ErrorParams): Result<T> => ({
  ok: false,
  error: params ? { code, params } : { code },
});
