import type { App } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { showHome } from '../../../../app/home/home-refresh.ts';

/** The member opened AccountDesk's Home tab: it is drawn for them (README, "Home"). */
export function registerHomeEvents(app: App, deps: AppDeps): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const team = (body as { team_id?: string }).team_id;
    try {
      await showHome(deps, { platform: 'slack', userId: event.user, ...(team ? { workspace: team } : {}) });
    } catch (error) {
      deps.logger.error({ err: error, userId: event.user }, 'could not draw the home');
    }
  });
}
