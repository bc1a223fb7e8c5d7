import type { App } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { guarded, homeAware } from '../respond.ts';
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
export function registerActions(app: App, deps: AppDeps): void {
  app.action(/^approval\.approve(#\d+)?$/, guarded(deps, homeAware(deps, approve(deps))));
  app.action(
    /^approval\.reject(#\d+)?$/,
    guarded(deps, homeAware(deps, decisionWithNote(deps, rejectButton))),
  );
  app.action(/^approval\.note(#\d+)?$/, guarded(deps, homeAware(deps, decisionWithNote(deps, noteMenu))));
  app.action(/^approval\.withdraw(#\d+)?$/, guarded(deps, homeAware(deps, withdraw(deps))));
  app.action(/^approval\.counter(#\d+)?$/, guarded(deps, homeAware(deps, counterOfferButton(deps))));
  app.action(
    /^counter\.accept(#\d+)?$/,
    guarded(deps, homeAware(deps, counterAnswerButton(deps, 'accepted'))),
  );
  app.action(
    /^counter\.decline(#\d+)?$/,
    guarded(deps, homeAware(deps, counterAnswerButton(deps, 'declined'))),
  );
  app.action(/^(customer\.pick|discount\.reason)(#\d+)?$/, guarded(deps, homeAware(deps, resume(deps))));
  app.action(/^followup\.visit(#\d+)?$/, guarded(deps, homeAware(deps, logVisitButton(deps))));
  app.action(/^followup\.snooze(#\d+)?$/, guarded(deps, homeAware(deps, followUpButton(deps, 'snooze'))));
  app.action(/^followup\.done(#\d+)?$/, guarded(deps, homeAware(deps, followUpButton(deps, 'done'))));
  app.action('stale.reassign', guarded(deps, homeAware(deps, reassign(deps))));
  app.action(/^handover\.confirm(#\d+)?$/, guarded(deps, homeAware(deps, handOverAnswer(deps, true))));
  app.action(/^handover\.cancel(#\d+)?$/, guarded(deps, homeAware(deps, handOverAnswer(deps, false))));
  app.action(/^departure\.handover(#\d+)?$/, guarded(deps, homeAware(deps, departureHandOver(deps))));
  app.action(/^prospect\.form(#\d+)?$/, guarded(deps, homeAware(deps, prospectFormButton(deps))));
  app.action(/^prospect\.create(#\d+)?$/, guarded(deps, homeAware(deps, prospectCreateButton(deps))));
  app.action(/^visit\.edit(#\d+)?$/, guarded(deps, homeAware(deps, visitEditButton(deps))));
  app.action(/^language\.choose(#\d+)?$/, guarded(deps, homeAware(deps, chooseLanguage(deps))));
  app.action(/^visit\.undo(#\d+)?$/, guarded(deps, homeAware(deps, visitUndoButton(deps))));
}
