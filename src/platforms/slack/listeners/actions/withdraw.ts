import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { withdrawFormFor } from '../../../../app/discounts/withdraw-discount.ts';
import { answerClick, openModal } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/**
 * Withdraw: opens the reason form; the submission withdraws. Someone who may not withdraw (not the
 * requester, or the request is already decided or withdrawn) is told at once, and no form opens.
 */
export const withdraw =
  (deps: AppDeps) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const value = buttonValue(action);
    if (!/^\d{1,9}$/.test(value)) return ack();
    const opening = await withdrawFormFor(deps, actionActor(body), Number(value));
    if (!opening.ok) {
      await answerClick(deps, body, opening.message);
      return ack();
    }
    await ack();
    const fromList = (body.container as { is_ephemeral?: boolean }).is_ephemeral === true;
    await openModal(client, body.trigger_id, {
      ...opening.form,
      // From a private list or answer, the submission replaces that message with the outcome.
      metadata: JSON.stringify({
        request: opening.form.metadata,
        ...(fromList ? { responseUrl: body.response_url } : {}),
      }),
    });
  };
