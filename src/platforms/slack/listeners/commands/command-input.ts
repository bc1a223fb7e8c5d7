import type { SlashCommand } from '@slack/bolt';
import type { Actor } from '../../../../app/context.ts';
import { mention, withoutMentionMarkers } from '../../../../messages/model.ts';

export const commandActor = (command: SlashCommand): Actor => ({
  platform: 'slack',
  userId: command.user_id,
  workspace: command.team_id,
});

/** Slack sends a fresh trigger_id per invocation, and the same one when a request is replayed. */
export const commandSourceKey = (command: SlashCommand) => `slack:command:${command.trigger_id}`;

/**
 * A command whose text Slack escapes (`should_escape: true` in the manifest) sends a mention as
 * `<@U…|name>` or `<@U…>` and `&`, `<`, `>` as entities: mentions become the neutral marker of the
 * user id (markers typed by hand are removed first), the entities their characters again.
 */
export function mentionsAsMarkers(text: string): string {
  return withoutMentionMarkers(text)
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => mention(id))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
