import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { prospectFormFor } from '../../../../app/commands/command-forms.ts';
import type { AppDeps } from '../../../../app/context.ts';
import { openModal, queueResponse } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/** "Add as a prospect" under a name that matched nothing: the form, with that name filled in. */
export const prospectFormButton =
  (deps: AppDeps) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const opening = await prospectFormFor(deps, actionActor(body), buttonValue(action));
    if (!opening.ok) {
      await queueResponse(deps, body.response_url, opening.message);
      return ack();
    }
    await ack();
    await openModal(client, body.trigger_id, opening.form);
  };
