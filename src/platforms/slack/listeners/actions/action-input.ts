import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Actor } from '../../../../app/context.ts';

export const actionActor = (body: BlockAction): Actor => ({
  platform: 'slack',
  userId: body.user.id,
  ...(body.team?.id ? { workspace: body.team.id } : {}),
});

export const buttonValue = (action: unknown): string => (action as ButtonAction).value ?? '';

/** The message a button sits in: one chooser message resumes one command, however often it is clicked. */
export const containerKey = (body: BlockAction): string => {
  const container = body.container as { channel_id?: string; message_ts?: string };
  return `${container.channel_id ?? body.channel?.id ?? ''}:${container.message_ts ?? body.message?.ts ?? ''}`;
};
