import type { App } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { guardedView } from '../respond.ts';
import { counterFormSubmission } from './counter-form.ts';
import { discountFormSubmission } from './discount-form.ts';
import { prospectFormSubmission } from './prospect-form.ts';
import { decisionFormSubmission } from './reject-form.ts';
import { visitEditFormSubmission } from './visit-edit-form.ts';
import { visitFormSubmission } from './visit-form.ts';
import { withdrawFormSubmission } from './withdraw-form.ts';

export function registerViews(app: App, deps: AppDeps): void {
  app.view('visit_form', guardedView(deps, visitFormSubmission(deps)));
  app.view('discount_form', guardedView(deps, discountFormSubmission(deps)));
  app.view('reject_form', guardedView(deps, decisionFormSubmission(deps, 'rejected')));
  app.view('approve_form', guardedView(deps, decisionFormSubmission(deps, 'approved')));
  app.view('withdraw_form', guardedView(deps, withdrawFormSubmission(deps)));
  app.view('counter_form', guardedView(deps, counterFormSubmission(deps)));
  app.view('prospect_form', guardedView(deps, prospectFormSubmission(deps)));
  app.view('visit_edit_form', guardedView(deps, visitEditFormSubmission(deps)));
}
