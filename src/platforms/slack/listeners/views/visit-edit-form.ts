import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { visitEditSubmitted } from '../../../../app/visits/correct-visit.ts';
import { visitFormFrom } from '../../../../app/visits/log-visit.ts';
import { visitIdOf } from '../../../../app/visits/visit-access.ts';
import { formAck, optionalNumber, viewActor, viewSourceKey, viewValues } from './form-input.ts';

/** The visit edit form: the visit id travels as the modal's metadata; a refusal shows in the form. */
export const visitEditFormSubmission =
  (deps: AppDeps) =>
  async ({ ack, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const visitId = visitIdOf(body.view.private_metadata);
    if (visitId === undefined) return ack();
    const values = viewValues(body);
    const customerId = optionalNumber(values.customer);
    const result = await visitEditSubmitted(
      deps,
      viewActor(body),
      visitId,
      visitFormFrom(values, customerId),
      viewSourceKey(body),
      true,
    );
    await ack(formAck(result));
  };
