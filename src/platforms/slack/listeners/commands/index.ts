import type { App } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { accountdesk } from './accountdesk.ts';
import { approvals } from './approvals.ts';
import { customer } from './customer.ts';
import { discount } from './discount.ts';
import { followups } from './followups.ts';
import { report } from './report.ts';
import { visit } from './visit.ts';

export function registerCommands(app: App, deps: AppDeps): void {
  app.command('/visit', visit(deps));
  app.command('/discount', discount(deps));
  app.command('/customer', customer(deps));
  app.command('/approvals', approvals(deps));
  app.command('/followups', followups(deps));
  app.command('/report', report(deps));
  app.command('/accountdesk', accountdesk(deps));
}
