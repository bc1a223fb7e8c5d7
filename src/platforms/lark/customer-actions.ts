/**
 * Card clicks about adding a customer (README, `/customer add`): transport only, as in handlers.ts,
 * which hands over every action it does not know. Kept apart so handlers.ts stays small.
 */
import { prospectFormFor } from '../../app/commands/command-forms.ts';
import type { Actor, AppDeps } from '../../app/context.ts';
import { createProspectAnyway } from '../../app/customers/add-prospect.ts';
import { enqueue, oneOffKey } from '../../app/outbox.ts';
import { type Card, renderCard } from './card.ts';

/** The shape of handlers.ts's card answer: a toast, and optionally the clicked card's new content. */
type Answer = {
  toast: { type: 'success' | 'error' | 'info'; content: string };
  card?: { type: 'raw'; data: Card };
};

const toast = (type: Answer['toast']['type'], content: string): Answer => ({
  toast: { type, content: content.slice(0, 300) },
});

/** Undefined: not one of these actions (the caller answers it). */
export async function customerCardAction(
  deps: AppDeps,
  actor: Actor,
  value: { a: string; v?: string | undefined },
  messageId: string,
): Promise<Answer | undefined> {
  switch (value.a) {
    case 'prospect.form': {
      const opening = await prospectFormFor(deps, actor, value.v ?? '');
      if (!opening.ok) return toast('error', opening.message.text);
      // Lark has no modal: the form comes as a card of its own, the clicked card stays.
      await enqueue(deps.db, [
        {
          key: oneOffKey(`lark:form:${messageId}:prospect`),
          platform: 'lark',
          target: { type: 'dm', userId: actor.userId },
          message: { text: opening.form.title, blocks: [], form: opening.form },
        },
      ]);
      deps.outboxQueued();
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
