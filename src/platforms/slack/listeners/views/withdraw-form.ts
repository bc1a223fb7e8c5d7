import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../../../app/context.ts';
import { ownPendingRequestsAfter } from '../../../../app/discounts/own-requests.ts';
import { withdrawRequest } from '../../../../app/discounts/withdraw-discount.ts';
import { queueResponse } from '../respond.ts';
import { viewActor, viewValues } from './form-input.ts';

const metadataSchema = z.object({
  request: z.string().regex(/^\d{1,9}$/),
  responseUrl: z.string().url().optional(),
});

/** The reason form's submission withdraws the request; a refusal stays in the form, under the field. */
export const withdrawFormSubmission =
  (deps: AppDeps) =>
  async ({ ack, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    let raw: unknown;
    try {
      raw = JSON.parse(body.view.private_metadata || '{}');
    } catch {
      raw = undefined;
    }
    const metadata = metadataSchema.safeParse(raw);
    if (!metadata.success) return ack();
    const note = viewValues(body).note;
    const result = await withdrawRequest(deps, viewActor(body), {
      requestId: Number(metadata.data.request),
      ...(note ? { note } : {}),
    });
    if (!result.ok) return ack({ response_action: 'errors', errors: { note: result.message.text } });
    const { responseUrl } = metadata.data;
    if (responseUrl) {
      await queueResponse(
        deps,
        responseUrl,
        await ownPendingRequestsAfter(deps, viewActor(body), result.message),
        true,
      );
    }
    await ack();
  };
