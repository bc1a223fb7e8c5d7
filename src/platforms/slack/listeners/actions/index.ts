import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { guarded, homeAware } from '../respond.ts';
import { routes } from '../routes.ts';
import { approve } from './approve.ts';
import { counterAnswerButton, counterOfferButton } from './counter.ts';
import { followUpButton, logVisitButton } from './follow-up.ts';
import { chooseLanguage } from './language.ts';
import { prospectCreateButton } from './prospect-create.ts';
import { prospectFormButton } from './prospect-form.ts';
import { departureHandOver, handOverAnswer, reassign } from './reassign.ts';
import { decisionWithNote, noteMenu, rejectButton } from './reject.ts';
import { resume } from './resume.ts';
import { visitEditButton } from './visit-edit.ts';
import { visitUndoButton } from './visit-undo.ts';
import { withdraw } from './withdraw.ts';

// Buttons repeated within one block get a `#n` suffix (see render.ts), hence the patterns.
// One Bolt listener for every button (routes.ts says why).
export function registerActions(app: App, deps: AppDeps): void {
  const buttons = routes<SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs>();
  buttons.add(/^approval\.approve(#\d+)?$/, guarded(deps, homeAware(deps, approve(deps))));
  buttons.add(
    /^approval\.reject(#\d+)?$/,
    guarded(deps, homeAware(deps, decisionWithNote(deps, rejectButton))),
  );
  buttons.add(/^approval\.note(#\d+)?$/, guarded(deps, homeAware(deps, decisionWithNote(deps, noteMenu))));
  buttons.add(/^approval\.withdraw(#\d+)?$/, guarded(deps, homeAware(deps, withdraw(deps))));
  buttons.add(/^approval\.counter(#\d+)?$/, guarded(deps, homeAware(deps, counterOfferButton(deps))));
  buttons.add(
    /^counter\.accept(#\d+)?$/,
    guarded(deps, homeAware(deps, counterAnswerButton(deps, 'accepted'))),
  );
  buttons.add(
    /^counter\.decline(#\d+)?$/,
    guarded(deps, homeAware(deps, counterAnswerButton(deps, 'declined'))),
  );
  buttons.add(/^(customer\.pick|discount\.reason)(#\d+)?$/, guarded(deps, homeAware(deps, resume(deps))));
  buttons.add(/^followup\.visit(#\d+)?$/, guarded(deps, homeAware(deps, logVisitButton(deps))));
  buttons.add(/^followup\.snooze(#\d+)?$/, guarded(deps, homeAware(deps, followUpButton(deps, 'snooze'))));
  buttons.add(/^followup\.done(#\d+)?$/, guarded(deps, homeAware(deps, followUpButton(deps, 'done'))));
  buttons.add('stale.reassign', guarded(deps, homeAware(deps, reassign(deps))));
  buttons.add(/^handover\.confirm(#\d+)?$/, guarded(deps, homeAware(deps, handOverAnswer(deps, true))));
  buttons.add(/^handover\.cancel(#\d+)?$/, guarded(deps, homeAware(deps, handOverAnswer(deps, false))));
  buttons.add(/^departure\.handover(#\d+)?$/, guarded(deps, homeAware(deps, departureHandOver(deps))));
  buttons.add(/^prospect\.form(#\d+)?$/, guarded(deps, homeAware(deps, prospectFormButton(deps))));
  buttons.add(/^prospect\.create(#\d+)?$/, guarded(deps, homeAware(deps, prospectCreateButton(deps))));
  buttons.add(/^visit\.edit(#\d+)?$/, guarded(deps, homeAware(deps, visitEditButton(deps))));
  buttons.add(/^language\.choose(#\d+)?$/, guarded(deps, homeAware(deps, chooseLanguage(deps))));
  buttons.add(/^visit\.undo(#\d+)?$/, guarded(deps, homeAware(deps, visitUndoButton(deps))));
  app.action({ type: 'block_actions' }, (args) => buttons.handle(args.action.action_id, args));
}
