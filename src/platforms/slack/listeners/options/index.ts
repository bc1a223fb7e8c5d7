import type { App } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { watchAcknowledgement } from '../../instrumentation.ts';
import { customerSuggestions } from './customers.ts';

export function registerOptions(app: App, deps: AppDeps): void {
  const suggest = customerSuggestions(deps);
  // Its answer marked like a routed handler's (routes.ts), so the instrumentation does not ack again.
  app.options<'block_suggestion'>({ action_id: 'customer' }, (args) => suggest(watchAcknowledgement(args)));
}
