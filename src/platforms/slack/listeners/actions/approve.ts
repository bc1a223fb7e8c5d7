import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { parseStepValue } from '../../../../app/discounts/approval-message.ts';
import { decide } from '../../../../app/discounts/decide-approval.ts';
import { pendingApprovalsAfter } from '../../../../app/discounts/pending-approvals.ts';
import { answerClick, queueResponse } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/** Approve: decided at once; the approval message is updated through the outbox. */
export const approve =
  (deps: AppDeps) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const step = parseStepValue(buttonValue(action));
    if (!step) return ack();
    const result = await decide(deps, actionActor(body), { ...step, decision: 'approved' });
    const fromList = (body.container as { is_ephemeral?: boolean }).is_ephemeral === true;
    // Refusals are told privately; a decision from the /approvals list replaces that list entry's message.
    if (!result.ok) await answerClick(deps, body, result.message);
    else if (fromList) {
      await queueResponse(
        deps,
        body.response_url,
        await pendingApprovalsAfter(deps, actionActor(body), result.message),
        true,
      );
    }
    await ack();
  };
