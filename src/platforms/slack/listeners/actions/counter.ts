import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { parseStepValue } from '../../../../app/discounts/approval-message.ts';
import { answerCounter } from '../../../../app/discounts/counter-answer.ts';
import { counterFormFor } from '../../../../app/discounts/counter-offer.ts';
import { ownPendingRequestsAfter } from '../../../../app/discounts/own-requests.ts';
import { answerClick, openModal } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

const fromPrivateList = (body: BlockAction) =>
  (body.container as { is_ephemeral?: boolean }).is_ephemeral === true;

/**
 * Counter-offer…: opens the form (percent and note); its submission makes the offer. Someone who
 * may not decide the step is told at once, and no form opens.
 */
export const counterOfferButton =
  (deps: AppDeps) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const step = parseStepValue(buttonValue(action));
    if (!step) return ack();
    const opening = await counterFormFor(deps, actionActor(body), step.requestId, step.stepNo);
    if (!opening.ok) {
      await answerClick(deps, body, opening.message);
      return ack();
    }
    await ack();
    await openModal(client, body.trigger_id, {
      ...opening.form,
      metadata: JSON.stringify({
        step: opening.form.metadata,
        ...(fromPrivateList(body) ? { responseUrl: body.response_url } : {}),
      }),
    });
  };

/**
 * Accept / Decline on the rep's copy of the offer (or in `/discount withdraw`'s list). The offer
 * message itself is redrawn through the outbox; the rep's answer comes back privately.
 */
export const counterAnswerButton =
  (deps: AppDeps, answer: 'accepted' | 'declined') =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const step = parseStepValue(buttonValue(action));
    if (!step) return ack();
    const result = await answerCounter(deps, actionActor(body), { ...step, answer });
    // From the private list, the list comes back with the outcome on top; elsewhere a private reply.
    if (result.ok && fromPrivateList(body)) {
      const list = await ownPendingRequestsAfter(deps, actionActor(body), result.message);
      await answerClick(deps, body, list, true);
    } else await answerClick(deps, body, result.message);
    await ack();
  };
