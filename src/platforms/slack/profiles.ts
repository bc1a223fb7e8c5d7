import type { WebClient } from '@slack/web-api';
import { slackErrorOf } from './platform-error.ts';

/** A member's time zone and language from their Slack profile (users.info with include_locale). */
export function slackProfileSource(client: WebClient) {
  return async (userId: string): Promise<{ timezone?: string; locale?: string } | undefined> => {
    try {
      const result = await client.users.info({ user: userId, include_locale: true });
      const user = result.user;
      return { ...(user?.tz ? { timezone: user.tz } : {}), ...(user?.locale ? { locale: user.locale } : {}) };
    } catch (error) {
      if (slackErrorOf(error) === 'user_not_found') return undefined;
      throw error;
    }
  };
}
