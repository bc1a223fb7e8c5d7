import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { pendingApprovals } from '../../../../app/discounts/pending-approvals.ts';
import { ephemeral, guardedCommand } from '../respond.ts';
import { commandActor } from './command-input.ts';

/** `/approvals` lists what waits on the member, with buttons. */
export const approvals =
  (deps: AppDeps) =>
  ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) =>
    guardedCommand(deps, ack, async (ack) => {
      await ack(ephemeral(await pendingApprovals(deps, commandActor(command))));
    });
