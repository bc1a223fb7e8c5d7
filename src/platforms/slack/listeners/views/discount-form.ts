import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { discountFormSubmitted } from '../../../../app/discounts/request-discount.ts';
import { formAck, optionalNumber, viewActor, viewSourceKey, viewValues } from './form-input.ts';

export const discountFormSubmission =
  (deps: AppDeps) =>
  async ({ ack, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const values = viewValues(body);
    const customerId = optionalNumber(values.customer);
    const result = await discountFormSubmitted(
      deps,
      viewActor(body),
      {
        ...(customerId !== undefined ? { customerId } : {}),
        ...(values.percent ? { percent: values.percent } : {}),
        ...(values.amount ? { amount: values.amount } : {}),
        ...(values.deal ? { deal: values.deal } : {}),
        ...(values.reason ? { reason: values.reason } : {}),
        ...(values.justification ? { justification: values.justification } : {}),
      },
      viewSourceKey(body),
    );
    await ack(formAck(result));
  };
