import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { resumeCommand } from '../../../../app/commands/resume.ts';
import type { AppDeps } from '../../../../app/context.ts';
import { answerClick } from '../respond.ts';
import { actionActor, buttonValue, containerKey } from './action-input.ts';

/** A customer or reason picked from buttons finishes the interrupted command and replaces the chooser. */
export const resume =
  (deps: AppDeps) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const reply = await resumeCommand(
      deps,
      actionActor(body),
      buttonValue(action),
      `slack:resume:${containerKey(body)}`,
    );
    await answerClick(deps, body, reply, true);
    await ack();
  };
