import type { SlashCommand } from '@slack/bolt';
import type { Actor } from '../../../../app/context.ts';

export const commandActor = (command: SlashCommand): Actor => ({
  platform: 'slack',
  userId: command.user_id,
  workspace: command.team_id,
});

/** Slack sends a fresh trigger_id per invocation, and the same one when a request is replayed. */
export const commandSourceKey = (command: SlashCommand) => `slack:command:${command.trigger_id}`;
