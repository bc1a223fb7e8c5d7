import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decisionFormFor } from '../../../../app/commands/command-forms.ts';
import type { AppDeps } from '../../../../app/context.ts';
import { parseStepValue } from '../../../../app/discounts/approval-message.ts';
import { answerClick, openModal } from '../respond.ts';
import { actionActor } from './action-input.ts';

type Picked = { decision: 'approved' | 'rejected'; value: string };

/**
 * Opens the note modal of a decision: Reject always asks first; "Approve with a note…" on request.
 * The submission decides. Someone who may not decide is told at once, and no modal opens.
 */
export const decisionWithNote =
  (deps: AppDeps, pick: (action: unknown) => Picked | undefined) =>
  async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const picked = pick(action);
    const step = picked ? parseStepValue(picked.value) : undefined;
    if (!picked || !step) return ack();
    const opening = await decisionFormFor(
      deps,
      actionActor(body),
      step.requestId,
      step.stepNo,
      picked.decision,
    );
    if (!opening.ok) {
      await answerClick(deps, body, opening.message);
      return ack();
    }
    await ack();
    const fromList = (body.container as { is_ephemeral?: boolean }).is_ephemeral === true;
    await openModal(client, body.trigger_id, {
      ...opening.form,
      // From the private /approvals list, the submission redraws that list.
      metadata: JSON.stringify({
        step: opening.form.metadata,
        ...(fromList ? { responseUrl: body.response_url } : {}),
      }),
    });
  };

/** The Reject button: its value is the step. */
export const rejectButton = (action: unknown): Picked | undefined => {
  const value = (action as { value?: string }).value;
  return value ? { decision: 'rejected', value } : undefined;
};

/** The "with a note…" menu: its option is `<actionId>|<step>`. */
export const noteMenu = (action: unknown): Picked | undefined => {
  const option = (action as { selected_option?: { value?: string } }).selected_option?.value ?? '';
  const [actionId, value] = option.split('|');
  if (!value) return undefined;
  if (actionId === 'approval.approve') return { decision: 'approved', value };
  if (actionId === 'approval.reject') return { decision: 'rejected', value };
  return undefined;
};
