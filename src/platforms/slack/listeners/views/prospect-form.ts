import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { prospectFormSubmitted } from '../../../../app/customers/prospect-form.ts';
import { formAck, viewActor, viewValues } from './form-input.ts';

/** The prospect form: a refused name keeps the modal open; the answer comes as a private message. */
export const prospectFormSubmission =
  (deps: AppDeps) =>
  async ({ ack, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const result = await prospectFormSubmitted(deps, viewActor(body), viewValues(body), true);
    await ack(formAck(result));
  };
