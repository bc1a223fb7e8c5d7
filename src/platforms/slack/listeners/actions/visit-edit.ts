import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { editFormFor } from '../../../../app/visits/correct-visit.ts';
import { visitIdOf } from '../../../../app/visits/visit-access.ts';
import { answerClick, openModal } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/** Edit on a visit: the visit form filled in; someone who may not edit it is told, and no form opens. */
export const visitEditButton =
  (deps: AppDeps) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const visitId = visitIdOf(buttonValue(action));
    if (visitId === undefined) return ack();
    const opening = await editFormFor(deps, actionActor(body), visitId);
    if (!opening.ok) {
      await answerClick(deps, body, opening.message);
      return ack();
    }
    await ack();
    await openModal(client, body.trigger_id, opening.form);
  };
