/** What each error code tells the member (domain/errors.ts): English. */
import type { ErrorCode } from '../../domain/errors.ts';
import { awayErrorsEn } from './away-en.ts';
import { leaveErrorsEn } from './leave-en.ts';
import { prospectErrorsEn } from './prospect-en.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const errorsEn = {
  not_registered: () =>
    'You are not set up in AccountDesk yet. Ask your admin to add you (npx accountdesk import members).',
  customer_missing: () =>
    'Which customer? Start with its name, e.g. `/customer Acme`, `/visit Acme met the CFO` or `/discount Acme 10% …`.',
  customer_not_found: (p: { suggestions: Text; query: Text }) =>
    p.suggestions
      ? `No customer of yours matches “${p.query}”. Did you mean: ${p.suggestions}?`
      : `No customer of yours matches “${p.query}”.`,
  notes_missing: () => 'Add a few words about the visit after the customer name.',
  text_too_long: (p: { max: Text }) => `That is too long: keep it under ${p.max} characters.`,
  date_invalid: (p: { value: Text }) =>
    `“${p.value}” is not a date I understand: use next:YYYY-MM-DD or next:+7d (within two years).`,
  date_in_past: (p: { value: Text }) => `The next follow-up ${p.value} is in the past.`,
  stage_unknown: (p: { value: Text }) =>
    `Unknown stage “${p.value}”. Use one of: plan, relationship, agreement, maintenance.`,
  kind_unknown: (p: { value: Text }) =>
    `Unknown kind “${p.value}”. Use one of: visit, call, meeting, meal, event, message.`,
  percent_missing: () =>
    'Say how big the discount is, e.g. `/discount Acme 10% on 50000 reason:competitor …`.',
  percent_invalid: (p: { value: Text }) =>
    `“${p.value}” is not a percentage: use a number such as 10% or 12.5%.`,
  percent_out_of_range: (p: { value: Text; ceiling: Text }) =>
    `${p.value} is out of range: a discount is more than 0% and at most ${p.ceiling ?? 100}%${p.ceiling === undefined ? '' : ", the team's ceiling"}.`,
  amount_invalid: (p: { value: Text }) =>
    `“${p.value}” is not an amount: use digits such as 120000, 120,000 or 120k.`,
  amount_out_of_range: (p: { value: Text }) => `The deal amount ${p.value} must be above zero and realistic.`,
  reason_unknown: (p: { value: Text }) =>
    `Unknown reason “${p.value}”. Use one of: competitor, budget, value, leverage, understanding, volume, strategic, other.`,
  reason_missing: () =>
    'Say why the customer asks: add reason:<code> — competitor, budget, value, leverage, understanding, volume, strategic or other.',
  deal_invalid: (p: { value: Text }) =>
    `“${p.value}” is not a deal reference: use a short label without spaces, e.g. deal:Q-2026-114.`,
  customer_ambiguous: (p: { query: Text; names: Text }) =>
    `Several customers match “${p.query}”: ${p.names}. Type the full name in quotes.`,
  justification_missing: () => 'Add a justification: why does the customer ask, and why is the cut worth it?',
  over_policy: (p: { percent: Text; ceiling: Text }) =>
    `${p.percent}% is over the team's discount ceiling of ${p.ceiling}%: this request cannot be made.`,
  no_approver: () =>
    'Nobody can approve this: your reporting line has no manager for this step. Ask your admin to set your manager.',
  request_not_found: () => 'That request no longer exists.',
  not_approver: (p: { approver: Text }) => `Only ${p.approver} can decide this step. Nothing was changed.`,
  own_request: () => 'You cannot decide on your own request. Nothing was changed.',
  already_decided: (p: { outcome: Text; by: Text; at: Text }) =>
    `Already ${p.outcome} by ${p.by} at ${p.at}. Nothing was changed.`,
  note_too_long: (p: { max: Text }) => `The note is too long: keep it under ${p.max} characters.`,
  not_requester: (p: { requester: Text; id: Text }) =>
    `Only ${p.requester}, who asked, or an admin can withdraw request #${p.id}. Nothing was changed.`,
  request_closed: (p: { id: Text; outcome: Text; by: Text; at: Text }) =>
    `Request #${p.id} was already ${p.outcome} by ${p.by} at ${p.at}; it can no longer be withdrawn.`,
  request_superseded: (p: { id: Text; newId: Text; at: Text }) =>
    `Request #${p.id} was replaced by request #${p.newId} at ${p.at}. Nothing was changed.`,
  request_withdrawn: (p: { id: Text; by: Text; at: Text }) =>
    `Request #${p.id} was withdrawn by ${p.by} at ${p.at}. Nothing was changed.`,
  counter_not_below: (p: { requested: Text; percent: Text }) =>
    `A counter-offer must be below the ${p.requested}% asked for (you entered ${p.percent}%). To grant ${p.requested}%, approve the request.`,
  counter_above_limit: (p: { percent: Text; limit: Text }) =>
    `${p.percent}% is more than this approval chain can grant (at most ${p.limit}%). Offer ${p.limit}% or less.`,
  counter_not_waiting: (p: { id: Text; outcome: Text; at: Text }) =>
    `The counter-offer on request #${p.id} was already ${p.outcome} at ${p.at}. Nothing was changed.`,
  counter_not_requester: (p: { requester: Text; id: Text }) =>
    `Only ${p.requester}, who asked, can answer the counter-offer on request #${p.id}. Nothing was changed.`,
  ...awayErrorsEn,
  ...leaveErrorsEn,
  report_period_unknown: (p: { value: Text }) =>
    `“${p.value}” is not a period: use week, month or last-month.`,
  ...prospectErrorsEn,
  internal: () => 'Something went wrong on our side; nothing was saved. Please try again in a moment.',
} satisfies Record<ErrorCode, (p: never) => string>;
