import type { Actor, AppDeps } from '../../app/context.ts';
import { editFormFor } from '../../app/visits/correct-visit.ts';
import { undoVisit } from '../../app/visits/undo-visit.ts';
import { visitIdOf } from '../../app/visits/visit-access.ts';
import { renderCard } from './card.ts';
import { type CardResponse, replyTo, toast } from './card-response.ts';

/**
 * Edit and Undo on a visit card (README, "Correcting a visit"); `undefined` for any other action, so
 * handlers.ts can hand its unknown actions here. Transport only: the rules are in app/visits/.
 */
export async function visitCardAction(
  deps: AppDeps,
  actor: Actor,
  value: { a: string; v?: string | undefined } | undefined,
  messageId: string,
): Promise<CardResponse | undefined> {
  if (value?.a !== 'visit.edit' && value?.a !== 'visit.undo') return undefined;
  const visitId = visitIdOf(value.v);
  if (visitId === undefined) return undefined;
  if (value.a === 'visit.edit') {
    const opening = await editFormFor(deps, actor, visitId);
    if (!opening.ok) return toast('error', opening.message.text);
    // Lark has no modal: the form comes as a card to the clicker, as followup.visit does.
    await replyTo(deps, actor.userId, `lark:form:${messageId}:visit:${visitId}:${Date.now()}`, {
      text: opening.form.title,
      blocks: [],
      form: opening.form,
    });
    return toast('info', opening.form.title);
  }
  const outcome = await undoVisit(deps, actor, visitId);
  if (!outcome.ok) return toast('error', outcome.message.text);
  // The confirmation (or list) card becomes the outcome, so its buttons are gone for everyone.
  return {
    ...toast('success', outcome.message.text),
    card: { type: 'raw', data: renderCard(outcome.message) },
  };
}
