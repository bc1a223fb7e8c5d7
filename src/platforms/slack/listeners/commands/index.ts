import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { routes } from '../routes.ts';
import { accountdesk } from './accountdesk.ts';
import { approvals } from './approvals.ts';
import { customer } from './customer.ts';
import { discount } from './discount.ts';
import { followups } from './followups.ts';
import { report } from './report.ts';
import { visit } from './visit.ts';

/** One Bolt listener for every command (routes.ts says why). */
export function registerCommands(app: App, deps: AppDeps): void {
  const commands = routes<SlackCommandMiddlewareArgs & AllMiddlewareArgs>();
  commands.add('/visit', visit(deps));
  commands.add('/discount', discount(deps));
  commands.add('/customer', customer(deps));
  commands.add('/approvals', approvals(deps));
  commands.add('/followups', followups(deps));
  commands.add('/report', report(deps));
  commands.add('/accountdesk', accountdesk(deps));
  app.command(/^\//, (args) => commands.handle(args.command.command, args));
}
