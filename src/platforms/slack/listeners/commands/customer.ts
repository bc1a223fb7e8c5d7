import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { customerCommand } from '../../../../app/customers/customer-command.ts';
import { ephemeral, guardedCommand } from '../respond.ts';
import { commandActor } from './command-input.ts';

/** `/customer <name>` shows the customer card; `/customer add <name>` adds a prospect. */
export const customer =
  (deps: AppDeps) =>
  ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) =>
    guardedCommand(deps, ack, async (ack) => {
      await ack(ephemeral(await customerCommand(deps, commandActor(command), command.text)));
    });
