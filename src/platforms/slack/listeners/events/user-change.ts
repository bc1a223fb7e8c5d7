import type { App } from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { memberDeparted } from '../../../../app/members/departures.ts';

/**
 * Slack's directory reports a member deactivated (`user_change` with `deleted: true`): their
 * manager is asked to hand the book over. A redelivery asks nothing twice (one message per member).
 */
export function registerDirectoryEvents(app: App, deps: AppDeps): void {
  app.event('user_change', async ({ event }) => {
    const user = event.user as { id?: string; deleted?: boolean };
    if (!user.deleted || !user.id) return;
    try {
      await memberDeparted(deps, 'slack', user.id);
    } catch (error) {
      deps.logger.error(
        { err: error, userId: user.id },
        'could not ask for the hand-over of a departed member',
      );
    }
  });
}
