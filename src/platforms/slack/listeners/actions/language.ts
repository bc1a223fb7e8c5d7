import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { languageCommand } from '../../../../app/members/member-language.ts';
import { answerClick } from '../respond.ts';
import { actionActor, buttonValue } from './action-input.ts';

/** The language buttons of the home: the same choice as `/accountdesk language`; the home redraws in it. */
export const chooseLanguage =
  (deps: AppDeps) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const answer = await languageCommand(deps, actionActor(body), buttonValue(action));
    await answerClick(deps, body, answer, true);
    await ack();
  };
