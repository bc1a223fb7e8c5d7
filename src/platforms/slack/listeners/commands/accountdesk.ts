import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { accountdeskCommand } from '../../../../app/commands/help.ts';
import type { AppDeps } from '../../../../app/context.ts';
import { ephemeral, guardedCommand } from '../respond.ts';
import { commandActor, mentionsAsMarkers } from './command-input.ts';

/** `/accountdesk away <until> [@delegate]`, `/accountdesk back`; `/accountdesk help` (or anything else) explains the commands. */
export const accountdesk =
  (deps: AppDeps) =>
  ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) =>
    guardedCommand(deps, ack, async (ack) => {
      const reply = await accountdeskCommand(deps, commandActor(command), mentionsAsMarkers(command.text));
      await ack(ephemeral(reply));
    });
