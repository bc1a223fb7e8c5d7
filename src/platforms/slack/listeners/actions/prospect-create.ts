import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { createProspectAnyway } from '../../../../app/customers/add-prospect.ts';
import { answerClick } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/** Create anyway beside close names: the answer (the new card, or why not) replaces the choice. */
export const prospectCreateButton =
  (deps: AppDeps) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const answer = await createProspectAnyway(deps, actionActor(body), buttonValue(action));
    await answerClick(deps, body, answer, true);
    await ack();
  };
