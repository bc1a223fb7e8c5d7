import { z } from 'zod';
import { chatFormAgain, handleChatCommand, submitChatForm } from '../../app/commands/chat-commands.ts';
import { resumeCommand } from '../../app/commands/resume.ts';
import type { Actor, AppDeps } from '../../app/context.ts';
import { parseStepValue } from '../../app/discounts/approval-message.ts';
import { answerCounter } from '../../app/discounts/counter-answer.ts';
import { counterFormFor } from '../../app/discounts/counter-offer.ts';
import { decide } from '../../app/discounts/decide-approval.ts';
import { withdrawRequest } from '../../app/discounts/withdraw-discount.ts';
import { followUpAction, visitFormForCustomer } from '../../app/followups/followup-commands.ts';
import { cancelHandOver, confirmHandOver, proposeHandOver } from '../../app/followups/reassign-account.ts';
import { homeIfClickedIn } from '../../app/home/home-card.ts';
import { handOverDeparted } from '../../app/members/departures.ts';
import { languageCommand } from '../../app/members/member-language.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import type { FormValues } from '../../messages/forms.ts';
import { errorText } from '../../messages/i18n/index.ts';
import { type Message, mention, withoutMentionMarkers } from '../../messages/model.ts';
import { withoutNulCharacters } from '../clean-text.ts';
import { renderCard, renderFormCard } from './card.ts';
import { type CardResponse, replyTo, toast } from './card-response.ts';
import { customerCardAction } from './customer-actions.ts';
import { visitCardAction } from './visit-actions.ts';

export type { CardResponse } from './card-response.ts';

export const messageEventSchema = z.object({
  sender: z.object({
    sender_id: z.object({ open_id: z.string() }),
    sender_type: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  message: z.object({
    message_id: z.string(),
    chat_id: z.string().optional(),
    chat_type: z.string().optional(),
    message_type: z.string(),
    content: z.string(),
    /** Who the text @-mentions: its `@_user_N` placeholders, each with the person's ids. */
    mentions: z
      .array(
        z.object({
          key: z.string(),
          id: z.object({ open_id: z.string().optional() }).optional(),
          name: z.string().optional(),
        }),
      )
      .optional(),
  }),
});

type MessageEvent = z.infer<typeof messageEventSchema>;

/**
 * Lark's text names a mentioned person by placeholder (`@_user_2`); the use case gets the neutral
 * marker of their open_id instead (markers typed by hand are removed first). Which mention means
 * what is the use case's business: the bot's own is dropped there.
 */
function mentionsAsMarkers(text: string, mentions: MessageEvent['message']['mentions']): string {
  const byKey = new Map((mentions ?? []).flatMap((m) => (m.id?.open_id ? [[m.key, m.id.open_id]] : [])));
  return withoutMentionMarkers(text).replace(/@_user_\d+/g, (key) => {
    const openId = byKey.get(key);
    return openId ? mention(openId) : key;
  });
}

export const cardActionSchema = z.object({
  operator: z.object({ open_id: z.string(), tenant_key: z.string().optional() }),
  token: z.string().optional(),
  action: z.object({
    value: z
      .object({
        a: z.string(),
        v: z.string().optional(),
        form: z.string().optional(),
        meta: z.string().optional(),
      })
      .passthrough()
      .optional(),
    tag: z.string().optional(),
    option: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
  }),
  context: z
    .object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() })
    .optional(),
});

export type CardActionEvent = z.infer<typeof cardActionSchema>;

const actorOf = (openId: string, tenant?: string): Actor => ({
  platform: 'lark',
  userId: openId,
  ...(tenant ? { workspace: tenant } : {}),
});

/** A click we cannot make sense of (an old or forged card): said in the team's language. */
const refusal = (deps: AppDeps, code: ErrorCode) => errorText(deps.defaults.locale, { code });

/** Form values as strings; date pickers answer "2026-11-25 +0800", of which the date is what counts. */
function formValues(raw: Record<string, unknown> | undefined): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    const date = /^(\d{4}-\d{2}-\d{2})(\s|$)/.exec(value);
    values[key] = date && key === 'next' ? date[1] : value;
  }
  return values;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Transport only: Lark events in, use cases called, neutral messages rendered as cards out. */
export function createLarkHandlers(deps: AppDeps) {
  async function onMessage(event: MessageEvent): Promise<void> {
    if (event.sender.sender_type && event.sender.sender_type !== 'user') return;
    const actor = actorOf(event.sender.sender_id.open_id, event.sender.tenant_key);
    let text = '';
    if (event.message.message_type === 'text') {
      const parsed = z.object({ text: z.string() }).safeParse(parseJson(event.message.content));
      if (!parsed.success) {
        // Lark's text content is JSON; anything else cannot be a command, and retrying will not change it.
        deps.logger.warn(
          { messageId: event.message.message_id },
          'lark text message without JSON content; ignored',
        );
        return;
      }
      text = mentionsAsMarkers(withoutNulCharacters(parsed.data.text), event.message.mentions);
    }
    const replyKey = `lark:reply:${event.message.message_id}`;
    const reply = await handleChatCommand(
      deps,
      actor,
      text,
      `lark:message:${event.message.message_id}`,
      replyKey,
    );
    const message: Message =
      reply.kind === 'message' ? reply.message : { text: reply.form.title, blocks: [], form: reply.form };
    await replyTo(deps, actor.userId, replyKey, message);
  }

  async function onCardAction(event: CardActionEvent): Promise<CardResponse> {
    const actor = actorOf(event.operator.open_id, event.operator.tenant_key);
    const value = event.action.value;
    const messageId = event.context?.open_message_id ?? event.token ?? '';
    switch (value?.a) {
      case 'approval.approve':
      case 'approval.reject': {
        const step = parseStepValue(value.v ?? '');
        if (!step) return toast('error', refusal(deps, 'request_not_found'));
        const note = formValues(event.action.form_value).note;
        const result = await decide(deps, actor, {
          ...step,
          decision: value.a === 'approval.approve' ? 'approved' : 'rejected',
          ...(note ? { note } : {}),
        });
        // The card itself is patched for everyone through the outbox; the clicker gets a toast now.
        return toast(result.ok ? 'success' : 'error', result.message.text);
      }
      case 'approval.withdraw': {
        const requestId = /^\d{1,9}$/.test(value.v ?? '') ? Number(value.v) : undefined;
        if (requestId === undefined) return toast('error', refusal(deps, 'request_not_found'));
        // The card's note field carries the reason: Lark has no modal to ask for it first.
        const note = formValues(event.action.form_value).note;
        const result = await withdrawRequest(deps, actor, { requestId, ...(note ? { note } : {}) });
        return toast(result.ok ? 'success' : 'error', result.message.text);
      }
      case 'approval.counter': {
        const step = parseStepValue(value.v ?? '');
        if (!step) return toast('error', refusal(deps, 'request_not_found'));
        // A note typed beside the buttons goes into the form; the form comes as a card to the clicker.
        const note = formValues(event.action.form_value).note;
        const opening = await counterFormFor(deps, actor, step.requestId, step.stepNo, note ? { note } : {});
        if (!opening.ok) return toast('error', opening.message.text);
        await replyTo(deps, actor.userId, `lark:form:${messageId}:${value.v}:${Date.now()}`, {
          text: opening.form.title,
          blocks: [],
          form: opening.form,
        });
        return toast('info', opening.form.title);
      }
      case 'counter.accept':
      case 'counter.decline': {
        const step = parseStepValue(value.v ?? '');
        if (!step) return toast('error', refusal(deps, 'request_not_found'));
        const answer = value.a === 'counter.accept' ? 'accepted' : 'declined';
        const result = await answerCounter(deps, actor, { ...step, answer });
        // The offer card is patched through the outbox; the toast says what it means now.
        return toast(result.ok ? 'success' : 'error', result.message.text);
      }
      case 'customer.pick':
      case 'discount.reason': {
        const reply = await resumeCommand(deps, actor, value.v ?? '', `lark:resume:${messageId}`);
        return { card: { type: 'raw', data: renderCard(reply) } };
      }
      case 'followup.snooze':
      case 'followup.done': {
        const id = Number(value.v);
        if (!Number.isInteger(id)) return toast('error', refusal(deps, 'request_not_found'));
        const refreshed = await followUpAction(
          deps,
          actor,
          value.a === 'followup.snooze' ? 'snooze' : 'done',
          id,
        );
        // In the home card, the card stays a home; in a morning message, it becomes the list again.
        const home = await homeIfClickedIn(deps, actor, { message_id: messageId });
        return {
          ...toast('success', refreshed.text),
          card: { type: 'raw', data: renderCard(home ?? refreshed) },
        };
      }
      case 'language.choose': {
        const answer = await languageCommand(deps, actor, value.v ?? '');
        const home = await homeIfClickedIn(deps, actor, { message_id: messageId });
        return {
          ...toast('success', answer.text),
          ...(home ? { card: { type: 'raw', data: renderCard(home) } } : {}),
        };
      }
      case 'followup.visit': {
        const opening = await visitFormForCustomer(deps, actor, Number(value.v));
        if (!opening.ok) return toast('error', opening.message.text);
        await replyTo(deps, actor.userId, `lark:form:${messageId}:${value.v}:${Date.now()}`, {
          text: opening.form.title,
          blocks: [],
          form: opening.form,
        });
        return toast('info', opening.form.title);
      }
      case 'stale.reassign': {
        if (!event.action.option) return toast('error', refusal(deps, 'request_not_found'));
        const question = await proposeHandOver(deps, actor, value.v ?? '', event.action.option);
        // The question comes as a card of its own, under the digest; the digest stays as it is.
        await replyTo(
          deps,
          actor.userId,
          `lark:handover:${messageId}:${value.v}:${event.action.option}:${Date.now()}`,
          question,
        );
        return toast('info', question.text);
      }
      case 'departure.handover': {
        const answer = await handOverDeparted(deps, actor, value.v ?? '');
        return { ...toast('info', answer.text), card: { type: 'raw', data: renderCard(answer) } };
      }
      case 'handover.confirm':
      case 'handover.cancel': {
        const answer =
          value.a === 'handover.confirm'
            ? await confirmHandOver(deps, actor, value.v ?? '')
            : cancelHandOver(deps);
        return { ...toast('info', answer.text), card: { type: 'raw', data: renderCard(answer) } };
      }
      case 'form.submit': {
        const values = formValues(event.action.form_value);
        const formId = value.form ?? '';
        const result = await submitChatForm(
          deps,
          actor,
          formId,
          values,
          `lark:form:${messageId}`,
          value.meta,
        );
        if (!result.ok) {
          const refused = toast('error', Object.values(result.fieldErrors).join(' '));
          // Where the form can be drawn again, it comes back with the error under its field.
          const again = await chatFormAgain(deps, actor, formId, values, value.meta);
          if (!again) return refused;
          return {
            ...refused,
            card: { type: 'raw', data: renderFormCard(again, undefined, result.fieldErrors) },
          };
        }
        return {
          ...toast('success', result.message.text),
          card: { type: 'raw', data: renderCard(result.message) },
        };
      }
      default:
        return (
          (value && (await customerCardAction(deps, actor, value, messageId))) ??
          (await visitCardAction(deps, actor, value, messageId)) ??
          toast('error', refusal(deps, 'request_not_found'))
        );
    }
  }

  return { onMessage, onCardAction };
}
