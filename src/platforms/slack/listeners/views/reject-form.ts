import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../../../app/context.ts';
import { parseStepValue } from '../../../../app/discounts/approval-message.ts';
import { decide } from '../../../../app/discounts/decide-approval.ts';
import { pendingApprovalsAfter } from '../../../../app/discounts/pending-approvals.ts';
import { queueResponse } from '../respond.ts';
import { viewActor, viewValues } from './form-input.ts';

const metadataSchema = z.object({ step: z.string(), responseUrl: z.string().url().optional() });

/** The note modal's submission records the decision with the approver's note. */
export const decisionFormSubmission =
  (deps: AppDeps, decision: 'approved' | 'rejected') =>
  async ({ ack, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const metadata = metadataSchema.safeParse(JSON.parse(body.view.private_metadata || '{}'));
    const step = metadata.success ? parseStepValue(metadata.data.step) : undefined;
    if (!step) return ack();
    const note = viewValues(body).note;
    const result = await decide(deps, viewActor(body), {
      ...step,
      decision,
      ...(note ? { note } : {}),
    });
    if (!result.ok) return ack({ response_action: 'errors', errors: { note: result.message.text } });
    // Present only when the click came from the private /approvals list: replace that entry with the outcome.
    const responseUrl = metadata.success ? metadata.data.responseUrl : undefined;
    if (responseUrl) {
      await queueResponse(
        deps,
        responseUrl,
        await pendingApprovalsAfter(deps, viewActor(body), result.message),
        true,
      );
    }
    await ack();
  };
