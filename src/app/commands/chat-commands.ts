import { type ChatCommand, parseChatCommand } from '../../domain/chat-command.ts';
import { tokenize } from '../../domain/grammar.ts';
import { type Form, type FormValues, prospectForm } from '../../messages/forms.ts';
import { catalog, errorText, listOf } from '../../messages/i18n/index.ts';
import type { Message } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import type { Actor, AppDeps } from '../context.ts';
import { customerCommand } from '../customers/customer-command.ts';
import { resolveCustomer } from '../customers/find-customer.ts';
import { prospectFormSubmitted } from '../customers/prospect-form.ts';
import { parseStepValue } from '../discounts/approval-message.ts';
import { awayCommand, backCommand } from '../discounts/away-commands.ts';
import { counterFormFor, offerCounter } from '../discounts/counter-offer.ts';
import { decide } from '../discounts/decide-approval.ts';
import { pendingApprovals } from '../discounts/pending-approvals.ts';
import { discountCommand, discountFormSubmitted } from '../discounts/request-discount.ts';
import { followUpsCommand, reportCommand } from '../followups/followup-commands.ts';
import { homeCommand } from '../home/home-card.ts';
import { languageCommand } from '../members/member-language.ts';
import { findMember } from '../members/members.ts';
import type { FormResult } from '../replies.ts';
import { visitEditSubmitted } from '../visits/correct-visit.ts';
import { visitCommand, visitFormFrom, visitFormSubmitted } from '../visits/log-visit.ts';
import { overlongVisitForm } from '../visits/overlong-visit.ts';
import { visitIdOf } from '../visits/visit-access.ts';
import { commandForm } from './command-forms.ts';
import { helpMessage } from './help.ts';

export type ChatReply = { kind: 'message'; message: Message } | { kind: 'form'; form: Form };

const message = (value: Message): ChatReply => ({ kind: 'message', message: value });

/** A command typed as text (Lark): the same use cases as Slack's slash commands. */
export async function handleChatCommand(
  deps: AppDeps,
  actor: Actor,
  text: string,
  sourceKey: string,
  /** The key the answer is sent under: `/home` keeps that card current. */
  replyKey?: string,
): Promise<ChatReply> {
  const { command, args } = parseChatCommand(text);
  if (command === 'home') return message(await homeCommand(deps, actor, replyKey));
  return run(deps, actor, command, args, sourceKey);
}

async function run(
  deps: AppDeps,
  actor: Actor,
  command: ChatCommand,
  args: string,
  sourceKey: string,
): Promise<ChatReply> {
  switch (command) {
    case 'visit':
    case 'discount': {
      if (!args) {
        const opening = await commandForm(deps, actor, command);
        return opening.ok ? { kind: 'form', form: opening.form } : message(opening.message);
      }
      if (command === 'visit') {
        const overlong = await overlongVisitForm(deps, actor, args, sourceKey);
        if (overlong) return overlong.ok ? { kind: 'form', form: overlong.form } : message(overlong.message);
      }
      const input = { text: args, sourceKey };
      return message(
        command === 'visit'
          ? await visitCommand(deps, actor, input)
          : await discountCommand(deps, actor, input),
      );
    }
    case 'followups':
      return message(await followUpsCommand(deps, actor));
    case 'customer':
      return message(await customerCommand(deps, actor, args));
    case 'approvals':
      return message(await pendingApprovals(deps, actor));
    case 'report':
      return message(await reportCommand(deps, actor, args));
    case 'help':
      return message(await helpMessage(deps, actor));
    case 'away':
      return message(await awayCommand(deps, actor, args));
    case 'back':
      return message(await backCommand(deps, actor));
    case 'language':
      return message(await languageCommand(deps, actor, args));
    case 'home':
      return message(await homeCommand(deps, actor));
  }
}

/** Where a form has a typed customer name instead of a picker: the same matching as commands. */
async function customerIdFromName(deps: AppDeps, actor: Actor, name: string): Promise<number | string> {
  const member = await findMember(deps, actor);
  const lang = member?.lang ?? deps.defaults.locale;
  if (!member) return errorText(lang, { code: 'not_registered' });
  const tokens = tokenize(name);
  if (tokens.length === 0) return errorText(lang, { code: 'customer_missing' });
  const match = await resolveCustomer(deps, member, tokens, true);
  if (match.kind === 'match') return match.customer.id;
  if (match.kind === 'ambiguous') {
    const names = listOf(
      lang,
      match.candidates.slice(0, 8).map((c) => c.name),
    );
    return sentences(catalog(lang).customer.pick({ query: match.query }), names);
  }
  return errorText(lang, {
    code: 'customer_not_found',
    params:
      'suggestions' in match && match.suggestions.length
        ? { query: match.query, suggestions: match.suggestions.map((s) => s.name) }
        : { query: match.query },
  });
}

/** A form card submitted (Lark): values by field id, customer typed by name. */
export async function submitChatForm(
  deps: AppDeps,
  actor: Actor,
  formId: string,
  values: FormValues,
  sourceKey: string,
  metadata?: string,
): Promise<FormResult> {
  if (formId === 'counter_form') {
    const step = metadata ? parseStepValue(metadata) : undefined;
    if (!step)
      return {
        ok: false,
        fieldErrors: { percent: errorText(deps.defaults.locale, { code: 'request_not_found' }) },
      };
    return offerCounter(deps, actor, {
      ...step,
      percent: values.percent ?? '',
      ...(values.note ? { note: values.note } : {}),
    });
  }
  if (formId === 'reject_form') {
    const step = metadata ? parseStepValue(metadata) : undefined;
    if (!step) return { ok: false, fieldErrors: { note: 'request_not_found' } };
    const result = await decide(deps, actor, {
      ...step,
      decision: 'rejected',
      ...(values.note ? { note: values.note } : {}),
    });
    return result.ok
      ? { ok: true, message: result.message }
      : { ok: false, fieldErrors: { note: result.message.text } };
  }
  if (formId === 'prospect_form') return prospectFormSubmitted(deps, actor, values, false);
  let customerId: number | undefined;
  if (values.customer) {
    const resolved = await customerIdFromName(deps, actor, values.customer);
    if (typeof resolved === 'string') return { ok: false, fieldErrors: { customer: resolved } };
    customerId = resolved;
  }
  const visit = visitFormFrom(values, customerId);
  if (formId === 'visit_form') return visitFormSubmitted(deps, actor, visit, sourceKey);
  if (formId === 'visit_edit_form') {
    const visitId = visitIdOf(metadata);
    if (visitId === undefined)
      return { ok: false, fieldErrors: { summary: catalog(deps.defaults.locale).visitEdit.alreadyUndone } };
    // The card is replaced by the answer, so no message is sent beside it.
    return visitEditSubmitted(deps, actor, visitId, visit, sourceKey, false);
  }
  return discountFormSubmitted(
    deps,
    actor,
    {
      ...(customerId === undefined ? {} : { customerId }),
      ...(values.percent ? { percent: values.percent } : {}),
      ...(values.amount ? { amount: values.amount } : {}),
      ...(values.deal ? { deal: values.deal } : {}),
      ...(values.reason ? { reason: values.reason } : {}),
      ...(values.justification ? { justification: values.justification } : {}),
    },
    sourceKey,
  );
}

/**
 * A refused chat form as it should be sent again: what was typed kept, so only the wrong field needs
 * retyping (Lark has no modal that stays open). Forms without that need answer with the error alone.
 */
export async function chatFormAgain(
  deps: AppDeps,
  actor: Actor,
  formId: string,
  values: FormValues,
  metadata?: string,
): Promise<Form | undefined> {
  if (formId === 'prospect_form') {
    const lang = (await findMember(deps, actor))?.lang ?? deps.defaults.locale;
    return prospectForm(lang, {
      ...(values.name ? { name: values.name } : {}),
      ...(values.tier ? { tier: values.tier } : {}),
    });
  }
  if (formId !== 'counter_form') return undefined;
  const step = metadata ? parseStepValue(metadata) : undefined;
  if (!step) return undefined;
  const initial = {
    ...(values.percent ? { percent: values.percent } : {}),
    ...(values.note ? { note: values.note } : {}),
  };
  const opening = await counterFormFor(deps, actor, step.requestId, step.stepNo, initial);
  return opening.ok ? opening.form : undefined;
}
