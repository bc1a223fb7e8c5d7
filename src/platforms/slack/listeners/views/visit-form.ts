import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { visitFormFrom, visitFormSubmitted } from '../../../../app/visits/log-visit.ts';
import { formAck, optionalNumber, viewActor, viewSourceKey, viewValues } from './form-input.ts';

export const visitFormSubmission =
  (deps: AppDeps) =>
  async ({ ack, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const values = viewValues(body);
    const customerId = optionalNumber(values.customer);
    const result = await visitFormSubmitted(
      deps,
      viewActor(body),
      visitFormFrom(values, customerId),
      viewSourceKey(body),
    );
    await ack(formAck(result));
  };
