import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { commandForm } from '../../../../app/commands/command-forms.ts';
import type { AppDeps } from '../../../../app/context.ts';
import { discountCommand } from '../../../../app/discounts/request-discount.ts';
import { ephemeral, guardedCommand, openModalOrSay } from '../respond.ts';
import { commandActor, commandSourceKey } from './command-input.ts';

/** `/discount …` requests a price cut; bare `/discount` opens the form. */
export const discount =
  (deps: AppDeps) =>
  ({ command, ack, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) =>
    guardedCommand(deps, ack, async (ack) => {
      const actor = commandActor(command);
      if (!command.text.trim()) {
        const opening = await commandForm(deps, actor, 'discount');
        if (!opening.ok) return ack(ephemeral(opening.message));
        await ack();
        return openModalOrSay(deps, client, respond, command.trigger_id, opening.form);
      }
      const reply = await discountCommand(deps, actor, {
        text: command.text,
        sourceKey: commandSourceKey(command),
      });
      await ack(ephemeral(reply));
    });
