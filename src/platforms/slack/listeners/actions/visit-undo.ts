import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { undoVisit } from '../../../../app/visits/undo-visit.ts';
import { visitIdOf } from '../../../../app/visits/visit-access.ts';
import { answerClick } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/** Undo on a visit: the answer comes privately beside the message, which stays as it was. */
export const visitUndoButton =
  (deps: AppDeps) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const visitId = visitIdOf(buttonValue(action));
    if (visitId === undefined) return ack();
    const outcome = await undoVisit(deps, actionActor(body), visitId);
    await answerClick(deps, body, outcome.message);
    await ack();
  };
