import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../../../app/context.ts';
import { parseStepValue } from '../../../../app/discounts/approval-message.ts';
import { offerCounter } from '../../../../app/discounts/counter-offer.ts';
import { pendingApprovalsAfter } from '../../../../app/discounts/pending-approvals.ts';
import { queueResponse } from '../respond.ts';
import { formAck, viewActor, viewValues } from './form-input.ts';

const metadataSchema = z.object({ step: z.string(), responseUrl: z.string().url().optional() });

/** The counter-offer form's submission: errors stay in the form under their field. */
export const counterFormSubmission =
  (deps: AppDeps) =>
  async ({ ack, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    let raw: unknown;
    try {
      raw = JSON.parse(body.view.private_metadata || '{}');
    } catch {
      raw = undefined;
    }
    const metadata = metadataSchema.safeParse(raw);
    const step = metadata.success ? parseStepValue(metadata.data.step) : undefined;
    if (!metadata.success || !step) return ack();
    const values = viewValues(body);
    const result = await offerCounter(deps, viewActor(body), {
      ...step,
      percent: values.percent ?? '',
      ...(values.note ? { note: values.note } : {}),
    });
    if (!result.ok) return ack(formAck(result));
    // From the private /approvals list: the list comes back with the outcome on top.
    const { responseUrl } = metadata.data;
    if (responseUrl) {
      const list = await pendingApprovalsAfter(deps, viewActor(body), result.message);
      await queueResponse(deps, responseUrl, list, true);
    }
    await ack();
  };
