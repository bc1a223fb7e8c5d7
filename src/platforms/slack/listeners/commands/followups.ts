import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { followUpsCommand } from '../../../../app/followups/followup-commands.ts';
import { ephemeral, guardedCommand } from '../respond.ts';
import { commandActor } from './command-input.ts';

/** `/followups`: the morning list on demand. */
export const followups =
  (deps: AppDeps) =>
  ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) =>
    guardedCommand(deps, ack, async (ack) => {
      await ack(ephemeral(await followUpsCommand(deps, commandActor(command))));
    });
