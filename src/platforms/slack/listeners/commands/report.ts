import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { reportCommand } from '../../../../app/followups/followup-commands.ts';
import { ephemeral, guardedCommand } from '../respond.ts';
import { commandActor } from './command-input.ts';

/** `/report [week|month]`: the team's figures for a period. */
export const report =
  (deps: AppDeps) =>
  ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) =>
    guardedCommand(deps, ack, async (ack) => {
      await ack(ephemeral(await reportCommand(deps, commandActor(command), command.text)));
    });
