import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { prospectFormFor } from '../../../../app/commands/command-forms.ts';
import type { AppDeps } from '../../../../app/context.ts';
import { answerClick, openModal } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/** "Add as a prospect" under a name that matched nothing: the form, with that name filled in. */
export const prospectFormButton =
  (deps: AppDeps) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const opening = await prospectFormFor(deps, actionActor(body), buttonValue(action));
    if (!opening.ok) {
      await answerClick(deps, body, opening.message);
      return ack();
    }
    await ack();
    await openModal(client, body.trigger_id, opening.form);
  };
