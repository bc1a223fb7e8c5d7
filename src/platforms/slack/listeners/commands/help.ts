import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { helpMessage } from '../../../../app/commands/help.ts';
import type { AppDeps } from '../../../../app/context.ts';
import { ephemeral, guardedCommand } from '../respond.ts';
import { commandActor } from './command-input.ts';

/** `/accountdesk help` (or anything else after /accountdesk) explains the commands. */
export const help =
  (deps: AppDeps) =>
  ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) =>
    guardedCommand(deps, ack, async (ack) => {
      await ack(ephemeral(await helpMessage(deps, commandActor(command))));
    });
