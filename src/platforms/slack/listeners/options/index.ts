import type { App } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { customerSuggestions } from './customers.ts';

export function registerOptions(app: App, deps: AppDeps): void {
  app.options<'block_suggestion'>({ action_id: 'customer' }, customerSuggestions(deps));
}
