import { routeDiscount } from '../../domain/discount-policy.ts';
import type { UserError } from '../../domain/errors.ts';
import {
  discountTokens,
  MAX_TEXT_LENGTH,
  parseAmount,
  parseDealRef,
  parseDiscountText,
  parsePercent,
  tokenize,
} from '../../domain/grammar.ts';
import { DISCOUNT_REASONS, parseReason } from '../../domain/vocabulary.ts';
import { catalog, errorText } from '../../messages/i18n/index.ts';
import { MAX_BUTTON_VALUE, type Message, textMessage, withoutMentionMarkers } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import type { Actor, AppDeps } from '../context.ts';
import { customerForCommand, joinTokens } from '../customers/command-customer.ts';
import { type Customer, visibleCustomerById } from '../customers/find-customer.ts';
import { findMember, type Member, notRegisteredText } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { errorMessage, type FormResult, notMemberMessage } from '../replies.ts';
import type { CommandInput } from '../visits/log-visit.ts';
import { withdrawButton } from './approval-message.ts';
import { discountInFewTrips } from './discount-round-trip.ts';
import { type DiscountFields, type Submitted, submitDiscount } from './file-discount.ts';
import { autoApprovedMessage, cutSentence, discountFields, whyForRep } from './filing-notifications.ts';
import { isWithdrawSubcommand, ownPendingRequests } from './own-requests.ts';
import { discountHelpMessage } from './policy-help.ts';

async function submittedMessage(
  deps: AppDeps,
  member: Member,
  customer: Customer,
  fields: DiscountFields,
  submitted: Submitted,
): Promise<Message> {
  const c = catalog(member.lang);
  const t = c.discount;
  if (submitted.kind === 'replay') return textMessage(t.replay);
  const replaces = submitted.replaced.length ? c.deal.replaces({ ids: submitted.replaced.join(', #') }) : '';
  const settings = await loadSettings(deps.db);
  if (submitted.kind === 'auto') {
    const policy = settings.discountPolicy;
    const basis = submitted.earlier
      ? { basis: 'reapproval' as const, earlier: submitted.earlier }
      : { basis: 'policy' as const, limit: policy.autoApproveMaxPercent };
    const answer = autoApprovedMessage(member, customer, fields, basis, submitted.manager, settings.currency);
    return replaces ? textMessage(sentences(answer.text, replaces)) : answer;
  }
  const parts = [
    t.sent({
      id: submitted.requestId,
      percent: fields.percent,
      customer: customer.name,
      approver: submitted.approver.name,
    }),
    cutSentence(member, fields, settings.currency),
  ];
  if (submitted.second) {
    const { managerMaxPercent } = settings.discountPolicy;
    parts.push(t.sentTwoStep({ second: submitted.second.name, limit: managerMaxPercent }));
  }
  const away = submitted.onBehalfOf;
  if (away) {
    const until = away.awayUntil ?? '—';
    parts.push(
      catalog(member.lang).away.sentFor({ away: away.name, until, delegate: submitted.approver.name }),
    );
  }
  if (submitted.why) parts.push(whyForRep(member, customer, submitted.why, submitted.approver));
  const text = sentences(...parts, replaces);
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'actions', buttons: [withdrawButton(member.lang, submitted.requestId)] },
    ],
  };
}

/** Buttons for the reason codes: a request must say why the customer asks (docs/domain.md, price-cut discipline). */
function askReasonMessage(member: Member, customer: Customer, percent: number, restText: string): Message {
  const c = catalog(member.lang);
  const text = c.discount.askReason({ customer: customer.name, percent });
  const buttons = DISCOUNT_REASONS.map((reason) => ({
    actionId: 'discount.reason' as const,
    label: c.reasons[reason],
    value: JSON.stringify({ cmd: 'discount', id: customer.id, rest: `${restText} reason:${reason}` }),
  }));
  // A long justification cannot travel in a button: ask for the reason in the text instead.
  if (buttons.some((button) => button.value.length > MAX_BUTTON_VALUE))
    return errorMessage(member, { code: 'reason_missing' });
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'actions', buttons },
    ],
  };
}

/** `/discount help` (帮助): the bare word alone; a quoted "Help" is a customer. */
const isHelpWord = (tokens: { text: string; quoted: boolean }[]) =>
  tokens.length === 1 && !tokens[0]!.quoted && /^(help|帮助|\?|？)$/i.test(tokens[0]!.text);

/** A percent out of range is answered with the team's own ceiling, not the 100 % of arithmetic. */
async function withTeamCeiling(deps: AppDeps, error: UserError): Promise<UserError> {
  if (error.code !== 'percent_out_of_range') return error;
  const ceiling = (await loadSettings(deps.db)).discountPolicy.secondLevelMaxPercent;
  return { code: error.code, params: { ...error.params, ceiling } };
}

/** `/discount <customer> <N>% [on <amount>] [deal:<ref>] [reason:<code>] <justification…>` — answered privately. */
export async function discountCommand(deps: AppDeps, actor: Actor, input: CommandInput): Promise<Message> {
  const filed = await discountInFewTrips(deps, actor, input);
  if ('submitted' in filed)
    return submittedMessage(deps, filed.member, filed.customer, filed.fields, filed.submitted);
  return fullDiscountCommand(deps, actor, input, filed.reservedId);
}

/** The same command step by step: everything the hot path (discount-round-trip.ts) leaves to it. */
export async function fullDiscountCommand(
  deps: AppDeps,
  actor: Actor,
  input: CommandInput,
  reservedId?: number,
): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  // A subcommand only as the bare first word: a quoted name is always a customer ("Withdraw Holdings").
  if (input.customerId === undefined && isWithdrawSubcommand(tokenize(input.text)[0]))
    return ownPendingRequests(deps, actor);
  if (input.customerId === undefined && isHelpWord(tokenize(input.text)))
    return discountHelpMessage(deps, member);
  const parsed = parseDiscountText(input.text, input.customerId !== undefined);
  if (!parsed.ok) return errorMessage(member, await withTeamCeiling(deps, parsed.error));
  const { customerTokens, ...request } = parsed.value;
  const restAfterName = () => joinTokens(discountTokens(input.text).slice(customerTokens.length));
  const found = await customerForCommand(deps, member, {
    cmd: 'discount',
    customerId: input.customerId,
    tokens: customerTokens,
    wholeQuery: true,
    restAfter: restAfterName,
  });
  if (!found.ok) return found.message;
  const { customer } = found;
  if (!request.justification) return errorMessage(member, { code: 'justification_missing' });
  const route = routeDiscount(request.percent, (await loadSettings(deps.db)).discountPolicy);
  if (route.kind === 'refused') {
    return errorMessage(member, {
      code: 'over_policy',
      params: { percent: request.percent, ceiling: route.ceiling },
    });
  }
  if (!request.reason) {
    const rest = input.customerId !== undefined ? input.text : restAfterName();
    return askReasonMessage(member, customer, request.percent, rest);
  }
  const fields = discountFields({ ...request, reason: request.reason, justification: request.justification });
  const submitted = await submitDiscount(deps, member, customer, fields, input.sourceKey, {
    confirmByDm: false,
    ...(reservedId === undefined ? {} : { reservedId }),
  });
  if (!submitted.ok) return errorMessage(member, submitted.error);
  return submittedMessage(deps, member, customer, fields, submitted.value);
}

export type DiscountForm = {
  customerId?: number;
  percent?: string;
  amount?: string;
  deal?: string;
  reason?: string;
  justification?: string;
};

/** The discount modal: every field validated, errors shown next to the field. */
export async function discountFormSubmitted(
  deps: AppDeps,
  actor: Actor,
  form: DiscountForm,
  sourceKey: string,
): Promise<FormResult> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, fieldErrors: { customer: notRegisteredText(deps) } };
  const say = (error: Parameters<typeof errorText>[1]) => errorText(member.lang, error);
  const fieldErrors: Record<string, string> = {};
  const customer =
    form.customerId === undefined ? undefined : await visibleCustomerById(deps, member, form.customerId);
  if (!customer) fieldErrors.customer = say({ code: 'customer_missing' });
  const percent = parsePercent((form.percent ?? '').replace(/[%％]\s*$/, ''));
  if (!percent.ok) fieldErrors.percent = say(await withTeamCeiling(deps, percent.error));
  const amount = form.amount?.trim() ? parseAmount(form.amount) : undefined;
  if (amount && !amount.ok) fieldErrors.amount = say(amount.error);
  const deal = form.deal?.trim() ? parseDealRef(form.deal) : undefined;
  if (deal && !deal.ok) fieldErrors.deal = say(deal.error);
  const reason = form.reason ? parseReason(form.reason) : undefined;
  if (!reason) fieldErrors.reason = say({ code: 'reason_unknown', params: { value: form.reason ?? '' } });
  const justification = withoutMentionMarkers(form.justification ?? '').trim();
  if (!justification) fieldErrors.justification = say({ code: 'justification_missing' });
  else if (justification.length > MAX_TEXT_LENGTH) {
    fieldErrors.justification = say({ code: 'text_too_long', params: { max: MAX_TEXT_LENGTH } });
  }
  if (Object.keys(fieldErrors).length > 0 || !customer || !percent.ok || !reason)
    return { ok: false, fieldErrors };
  const fields: DiscountFields = { percent: percent.value, reason, justification };
  if (amount?.ok) fields.amount = amount.value;
  if (deal?.ok) fields.deal = deal.value;
  const submitted = await submitDiscount(deps, member, customer, fields, sourceKey, { confirmByDm: true });
  if (!submitted.ok) return { ok: false, fieldErrors: { percent: say(submitted.error) } };
  return { ok: true, message: await submittedMessage(deps, member, customer, fields, submitted.value) };
}
