import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { guardedView } from '../respond.ts';
import { routes } from '../routes.ts';
import { counterFormSubmission } from './counter-form.ts';
import { discountFormSubmission } from './discount-form.ts';
import { prospectFormSubmission } from './prospect-form.ts';
import { decisionFormSubmission } from './reject-form.ts';
import { visitEditFormSubmission } from './visit-edit-form.ts';
import { visitFormSubmission } from './visit-form.ts';
import { withdrawFormSubmission } from './withdraw-form.ts';

/** One Bolt listener for every form submitted (routes.ts says why). */
export function registerViews(app: App, deps: AppDeps): void {
  const forms = routes<SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs>();
  forms.add('visit_form', guardedView(deps, visitFormSubmission(deps)));
  forms.add('discount_form', guardedView(deps, discountFormSubmission(deps)));
  forms.add('reject_form', guardedView(deps, decisionFormSubmission(deps, 'rejected')));
  forms.add('approve_form', guardedView(deps, decisionFormSubmission(deps, 'approved')));
  forms.add('withdraw_form', guardedView(deps, withdrawFormSubmission(deps)));
  forms.add('counter_form', guardedView(deps, counterFormSubmission(deps)));
  forms.add('prospect_form', guardedView(deps, prospectFormSubmission(deps)));
  forms.add('visit_edit_form', guardedView(deps, visitEditFormSubmission(deps)));
  app.view<ViewSubmitAction>({ type: 'view_submission' }, (args) =>
    forms.handle(args.view.callback_id, args),
  );
}
