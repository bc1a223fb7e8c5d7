/**
 * Card clicks about adding a customer (README, `/customer add`): transport only, as in handlers.ts,
 * which hands over every action it does not know. Kept apart so handlers.ts stays small.
 */
import { prospectFormFor } from '../../app/commands/command-forms.ts';
import type { Actor, AppDeps } from '../../app/context.ts';
import { createProspectAnyway } from '../../app/customers/add-prospect.ts';
import { oneOffKey } from '../../app/outbox.ts';
import { renderCard } from './card.ts';
import { type CardResponse, replyTo, toast } from './card-response.ts';

/** Undefined: not one of these actions (the caller answers it). */
export async function customerCardAction(
  deps: AppDeps,
  actor: Actor,
  value: { a: string; v?: string | undefined },
  messageId: string,
): Promise<CardResponse | undefined> {
  switch (value.a) {
    case 'prospect.form': {
      const opening = await prospectFormFor(deps, actor, value.v ?? '');
      if (!opening.ok) return toast('error', opening.message.text);
      // Lark has no modal: the form comes as a card of its own, the clicked card stays.
      await replyTo(deps, actor.userId, oneOffKey(`lark:form:${messageId}:prospect`), {
        text: opening.form.title,
        blocks: [],
        form: opening.form,
      });
      return toast('info', opening.form.title);
    }
    case 'prospect.create': {
      const answer = await createProspectAnyway(deps, actor, value.v ?? '');
      return { ...toast('info', answer.text), card: { type: 'raw', data: renderCard(answer) } };
    }
    default:
      return undefined;
  }
}
