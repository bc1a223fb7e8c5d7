import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
  UsersSelectAction,
} from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import {
  cancelHandOver,
  confirmHandOver,
  proposeHandOver,
} from '../../../../app/followups/reassign-account.ts';
import { handOverDeparted } from '../../../../app/members/departures.ts';
import { answerClick } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/**
 * A rep picked beside a stale account in the team digest: the confirmation (who → whom) comes back
 * privately. Digests of earlier versions carry a users_select, today's a static_select of the team.
 */
export const reassign =
  (deps: AppDeps) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const picked = action as UsersSelectAction | StaticSelectAction;
    const value = /^stale\.reassign:(.{1,240})$/.exec(picked.block_id)?.[1];
    const userId = picked.type === 'users_select' ? picked.selected_user : picked.selected_option?.value;
    if (!value || !userId) return ack();
    const question = await proposeHandOver(deps, actionActor(body), value, userId);
    await answerClick(deps, body, question);
    await ack();
  };

/** "Hand over to …" on the message about a member who left the workspace: the answer replaces it. */
export const departureHandOver =
  (deps: AppDeps) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const answer = await handOverDeparted(deps, actionActor(body), buttonValue(action));
    await answerClick(deps, body, answer, true);
    await ack();
  };

/** Hand over / Cancel on the confirmation: the answer replaces it. */
export const handOverAnswer =
  (deps: AppDeps, confirmed: boolean) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const answer = confirmed
      ? await confirmHandOver(deps, actionActor(body), buttonValue(action))
      : cancelHandOver(deps);
    await answerClick(deps, body, answer, true);
    await ack();
  };
