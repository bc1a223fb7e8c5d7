import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseStepValue } from '../../../../app/approval-message.ts';
import type { AppDeps } from '../../../../app/context.ts';
import { rejectFormFor } from '../../../../app/forms.ts';
import { openModal, queueResponse } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/** Reject: asks the approver for an optional note in a modal; the submission decides. */
export const reject =
  (deps: AppDeps) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const step = parseStepValue(buttonValue(action));
    if (!step) return ack();
    const opening = await rejectFormFor(deps, actionActor(body), step.requestId, step.stepNo);
    if (!opening.ok) {
      await queueResponse(deps, body.response_url, opening.message);
      return ack();
    }
    await ack();
    const fromList = (body.container as { is_ephemeral?: boolean }).is_ephemeral === true;
    await openModal(client, body.trigger_id, {
      ...opening.form,
      // From the private /approvals list, the submission replaces that list entry with the outcome.
      metadata: JSON.stringify({
        step: opening.form.metadata,
        ...(fromList ? { responseUrl: body.response_url } : {}),
      }),
    });
  };
