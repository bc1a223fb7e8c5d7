import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { followUpAction, visitFormForCustomer } from '../../../../app/followups/followup-commands.ts';
import { answerClick, openModal } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

const customerIdOf = (action: unknown) => {
  const value = buttonValue(action);
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
};

/** Snooze / Done on a line of the morning message: the message is redrawn with what is still due. */
export const followUpButton =
  (deps: AppDeps, kind: 'snooze' | 'done') =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const customerId = customerIdOf(action);
    if (customerId === undefined) return ack();
    const refreshed = await followUpAction(deps, actionActor(body), kind, customerId);
    await answerClick(deps, body, refreshed, true);
    await ack();
  };

/** Log visit on a line of the morning message: the visit form with that customer chosen. */
export const logVisitButton =
  (deps: AppDeps) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const customerId = customerIdOf(action);
    if (customerId === undefined) return ack();
    const opening = await visitFormForCustomer(deps, actionActor(body), customerId);
    if (!opening.ok) {
      await answerClick(deps, body, opening.message);
      return ack();
    }
    await ack();
    await openModal(client, body.trigger_id, opening.form);
  };
