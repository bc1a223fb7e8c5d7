import type { AllMiddlewareArgs, BlockSuggestion, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { customerOptions } from '../../../../app/customers/customer-options.ts';
import { truncate } from '../../render.ts';

/** Type-ahead for the customer picker in the visit and discount modals. */
export const customerSuggestions =
  (deps: AppDeps) =>
  async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
    const suggestion = body as BlockSuggestion;
    const found = await customerOptions(
      deps,
      { platform: 'slack', userId: suggestion.user.id },
      suggestion.value,
    );
    await ack({
      options: found.map((customer) => ({
        text: { type: 'plain_text' as const, text: truncate(customer.name, 75) },
        value: String(customer.id),
      })),
    });
  };
