import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { commandForm } from '../../../../app/commands/command-forms.ts';
import type { AppDeps } from '../../../../app/context.ts';
import { visitCommand } from '../../../../app/visits/log-visit.ts';
import { overlongVisitForm } from '../../../../app/visits/overlong-visit.ts';
import { ephemeral, guardedCommand, openModalOrSay } from '../respond.ts';
import { commandActor, commandSourceKey } from './command-input.ts';

/** `/visit …` logs a visit; bare `/visit`, or one too long for a message, opens the form. */
export const visit =
  (deps: AppDeps) =>
  ({ command, ack, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) =>
    guardedCommand(deps, ack, async (ack) => {
      const actor = commandActor(command);
      if (!command.text.trim()) {
        const opening = await commandForm(deps, actor, 'visit');
        if (!opening.ok) return ack(ephemeral(opening.message));
        await ack();
        return openModalOrSay(deps, client, respond, command.trigger_id, opening.form);
      }
      // Too long for a message: the form opens with it instead (nothing typed is lost).
      const overlong = await overlongVisitForm(deps, actor, command.text, commandSourceKey(command));
      if (overlong) {
        if (!overlong.ok) return ack(ephemeral(overlong.message));
        await ack();
        return openModalOrSay(deps, client, respond, command.trigger_id, overlong.form);
      }
      const reply = await visitCommand(deps, actor, {
        text: command.text,
        sourceKey: commandSourceKey(command),
      });
      await ack(ephemeral(reply));
    });
