/**
 * The requests Slack sends to an app, built the way Slack builds them: slash commands as a signed
 * form body, interactions (block_actions, view_submission, block_suggestion) as a signed
 * `payload=<JSON>` form body, events (app_home_opened) as a signed JSON `event_callback`. Shapes
 * follow Slack's payload references and what @slack/bolt 5 reads.
 */
import { createHmac } from 'node:crypto';
import { APP_ID, BOT_USER_ID } from './slack-emulator.ts';
import { randomHex } from './slack-wire.ts';

/** The deprecated verification token Slack still puts in every payload; Bolt ignores it. */
const VERIFICATION_TOKEN = 'sandbox-verification-token';

export type Team = { id: string; domain: string };
export type SlackUser = { id: string; name: string };

/** Slack's request signature: `v0=hex(hmac_sha256(secret, 'v0:<ts>:<raw body>'))`. */
export function signedHeaders(secret: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    // Bolt compares the content type verbatim, so no '; charset=…' suffix (neither does Slack).
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-signature': `v0=${digest}`,
    'x-slack-request-timestamp': timestamp,
  };
}

/** Slack names DMs and group DMs this way in command payloads. */
function channelName(channelId: string, name: string): string {
  if (channelId.startsWith('D')) return 'directmessage';
  if (channelId.startsWith('G')) return 'privategroup';
  return name;
}

const userObject = (team: Team, user: SlackUser) => ({
  id: user.id,
  username: user.name,
  name: user.name,
  team_id: team.id,
});

export type SlashCommandInput = {
  team: Team;
  user: SlackUser;
  channel: { id: string; name: string };
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
};

/** Form-encoded body of a slash command, with every field Slack sends, in Slack's order. */
export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams([
    ['token', VERIFICATION_TOKEN],
    ['team_id', input.team.id],
    ['team_domain', input.team.domain],
    ['channel_id', input.channel.id],
    ['channel_name', channelName(input.channel.id, input.channel.name)],
    ['user_id', input.user.id],
    ['user_name', input.user.name],
    ['command', input.command],
    ['text', input.text],
    ['api_app_id', APP_ID],
    ['is_enterprise_install', 'false'],
    ['response_url', input.responseUrl],
    ['trigger_id', input.triggerId],
  ]).toString();
}

/** Wraps an interaction payload the way Slack posts it: `payload=<url-encoded JSON>`. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** Where an element that was used lives: a message (maybe ephemeral) or a modal view. */
export type ActionContainer =
  | {
      type: 'message';
      channel: { id: string; name: string };
      messageTs: string;
      threadTs?: string;
      ephemeral: boolean;
      /** The message as the user sees it (Slack sends it along, except for ephemeral messages). */
      message?: Record<string, unknown>;
      responseUrl: string;
    }
  | { type: 'view'; view: Record<string, unknown> };

export type BlockActionsInput = {
  team: Team;
  user: SlackUser;
  container: ActionContainer;
  /** The element's report of itself: action_id, block_id, type and value / selected_* fields. */
  action: Record<string, unknown>;
  state: StateValues;
  triggerId: string;
};

const actionTs = () => `${(Date.now() / 1000).toFixed(6)}`;

/** A `block_actions` payload: a button clicked, an option chosen, a date or a person picked. */
export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const { container } = input;
  const base: Record<string, unknown> = {
    type: 'block_actions',
    user: userObject(input.team, input.user),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId,
    team: { id: input.team.id, domain: input.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    actions: [{ ...input.action, action_ts: actionTs() }],
  };
  if (container.type === 'view') {
    return {
      ...base,
      container: { type: 'view', view_id: container.view.id },
      view: { ...container.view, state: { values: input.state } },
    };
  }
  const payload: Record<string, unknown> = {
    ...base,
    container: {
      type: 'message',
      message_ts: container.messageTs,
      channel_id: container.channel.id,
      is_ephemeral: container.ephemeral,
      ...(container.threadTs ? { thread_ts: container.threadTs } : {}),
    },
    channel: { id: container.channel.id, name: channelName(container.channel.id, container.channel.name) },
    state: { values: input.state },
    response_url: container.responseUrl,
  };
  // Slack leaves the message out for ephemeral messages: the app never had it as a stored message.
  if (!container.ephemeral && container.message) payload.message = container.message;
  return payload;
}

export type ViewSubmissionInput = {
  team: Team;
  user: SlackUser;
  view: Record<string, unknown>;
  state: StateValues;
  triggerId: string;
};

/** A `view_submission` payload: the user pressed Submit on a modal. */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: input.team.id, domain: input.team.domain },
    user: userObject(input.team, input.user),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId,
    view: { ...input.view, state: { values: input.state }, app_installed_team_id: input.team.id },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export type BlockSuggestionInput = {
  team: Team;
  user: SlackUser;
  view?: Record<string, unknown>;
  channel?: { id: string; name: string };
  messageTs?: string;
  actionId: string;
  blockId: string;
  value: string;
};

/** A `block_suggestion` payload: the user typed into an external select. */
export function blockSuggestionPayload(input: BlockSuggestionInput): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    type: 'block_suggestion',
    user: userObject(input.team, input.user),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    team: { id: input.team.id, domain: input.team.domain },
    enterprise: null,
    is_enterprise_install: false,
  };
  if (input.view) {
    payload.container = { type: 'view', view_id: input.view.id };
    payload.view = input.view;
  } else if (input.channel && input.messageTs) {
    payload.container = {
      type: 'message',
      message_ts: input.messageTs,
      channel_id: input.channel.id,
      is_ephemeral: false,
    };
    payload.channel = { id: input.channel.id, name: channelName(input.channel.id, input.channel.name) };
  }
  return payload;
}

/** The message object Slack puts in a block_actions payload for a non-ephemeral message. */
export function messageInPayload(
  teamId: string,
  message: {
    ts: string;
    user: string;
    bot_id?: string;
    text?: string;
    blocks?: unknown[];
    thread_ts?: string;
  },
): Record<string, unknown> {
  return {
    type: 'message',
    user: message.user,
    ...(message.bot_id ? { bot_id: message.bot_id, app_id: APP_ID } : {}),
    ts: message.ts,
    team: teamId,
    text: message.text ?? '',
    blocks: message.blocks ?? [],
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
  };
}

/** Slack's event envelope for app_home_opened, with the home last published for the member (as Slack sends it). */
export function appHomeOpenedEvent(input: {
  teamId: string;
  user: string;
  channel: string;
  home?: Record<string, unknown>;
  nowMs?: number;
}): Record<string, unknown> {
  const nowMs = input.nowMs ?? Date.now();
  const seconds = Math.floor(nowMs / 1000);
  return {
    token: VERIFICATION_TOKEN,
    team_id: input.teamId,
    api_app_id: APP_ID,
    event: {
      type: 'app_home_opened',
      user: input.user,
      channel: input.channel,
      tab: 'home',
      ...(input.home ? { view: input.home } : {}),
      event_ts: (nowMs / 1000).toFixed(6),
    },
    type: 'event_callback',
    event_id: `Ev${randomHex(10).toUpperCase()}`,
    event_time: seconds,
    authorizations: [
      {
        enterprise_id: null,
        team_id: input.teamId,
        user_id: BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}
