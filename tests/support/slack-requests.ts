/**
 * Builders for the signed HTTP requests Slack sends to the service (slash commands and
 * interactivity payloads), so integration tests drive the real Bolt receiver end to end.
 *
 * Shapes follow Slack's payload references (slash command parameters, block_actions,
 * view_submission, block_suggestion) and what @slack/bolt 5.x reads from them:
 * - HTTPModuleFunctions.parseHTTPRequestBody only form-decodes when Content-Type is *exactly*
 *   'application/x-www-form-urlencoded' (no charset), then JSON-parses a `payload` field;
 * - verifySlackRequest checks `v0=hex(hmac_sha256(secret, 'v0:<ts>:<raw body>'))` and rejects
 *   timestamps older than five minutes;
 * - helpers.getTypeAndConversation routes on `command`, `type: 'block_suggestion'`, `actions`
 *   and `type: 'view_submission'`; App.buildSource takes the team from `team.id` (or
 *   `user.team_id`) and the user from `user.id` / `user_id`, and `say` needs `channel.id`.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { bufferedResponse, type ServiceResponse, serviceUrl } from './service-response.ts';

export const DEFAULT_TEAM_ID = 'T1';
export const DEFAULT_TEAM_DOMAIN = 'test';
export const DEFAULT_API_APP_ID = 'A1';
export const DEFAULT_CHANNEL_ID = 'C1';
/** The deprecated verification token Slack still includes in every payload; Bolt ignores it. */
export const DEFAULT_VERIFICATION_TOKEN = 'verification-token';

export interface SlackSignatureHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

/** Computes Slack's request signature over the exact raw body that will be sent. */
export function signSlack(
  secret: string,
  body: string,
  timestampSec: number = nowSec(),
): SlackSignatureHeaders {
  const timestamp = String(timestampSec);
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': timestamp };
}

// --- slash commands ----------------------------------------------------------------------------

export interface SlashCommandInput {
  /** e.g. '/visit'; a missing leading slash is added because Slack always sends one. */
  command: string;
  text?: string;
  userId: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  channelId?: string;
  channelName?: string;
  triggerId?: string;
  responseUrl: string;
  apiAppId?: string;
  enterpriseId?: string;
  enterpriseName?: string;
}

/** Form-encoded body of a slash command, with every field Slack sends, in Slack's order. */
export function slashCommand(input: SlashCommandInput): string {
  const channelId = input.channelId ?? DEFAULT_CHANNEL_ID;
  const fields: [string, string][] = [
    ['token', DEFAULT_VERIFICATION_TOKEN],
    ['team_id', input.teamId ?? DEFAULT_TEAM_ID],
    ['team_domain', input.teamDomain ?? DEFAULT_TEAM_DOMAIN],
  ];
  // Enterprise fields only appear for Enterprise Grid workspaces.
  if (input.enterpriseId !== undefined) {
    fields.push(
      ['enterprise_id', input.enterpriseId],
      ['enterprise_name', input.enterpriseName ?? 'Enterprise'],
    );
  }
  fields.push(
    ['channel_id', channelId],
    ['channel_name', input.channelName ?? defaultChannelName(channelId)],
    ['user_id', input.userId],
    ['user_name', input.userName ?? defaultUserName(input.userId)],
    ['command', input.command.startsWith('/') ? input.command : `/${input.command}`],
    ['text', input.text ?? ''],
    ['api_app_id', input.apiAppId ?? DEFAULT_API_APP_ID],
    // Slash commands carry this as the string 'true'/'false' (Bolt relies on that).
    ['is_enterprise_install', 'false'],
    ['response_url', input.responseUrl],
    ['trigger_id', input.triggerId ?? makeTriggerId()],
  );
  return new URLSearchParams(fields).toString();
}

// --- interactivity -----------------------------------------------------------------------------

/** Wraps any interaction payload the way Slack posts it: `payload=<url-encoded JSON>`. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface SelectedOption {
  value: string;
  text?: PlainText;
}

/** One entry of `state.values[block_id][action_id]`, as Slack reports an input's value. */
export interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: SelectedOption | null;
  selected_options?: SelectedOption[];
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_conversations?: string[];
  selected_channel?: string | null;
  selected_channels?: string[];
}

export type StateValues = Record<string, Record<string, StateValue>>;

export interface BlockActionInput {
  userId: string;
  userName?: string;
  actionId: string;
  /** Button value. */
  value?: string;
  /** When set, the action is a static_select choice instead of a button click. */
  selectedOption?: string;
  /** Overrides the element type (defaults to 'button', or 'static_select' with selectedOption). */
  actionType?: string;
  /** Visible label of the clicked button; defaults to the action id. */
  buttonText?: string;
  blockId?: string;
  channelId: string;
  channelName?: string;
  messageTs: string;
  /** Text/blocks of the message the button lives in (Bolt hands these to listeners as body.message). */
  messageText?: string;
  messageBlocks?: unknown[];
  /** Ephemeral messages have no `message` object in the payload. */
  isEphemeral?: boolean;
  /** Thread parent when the message is a thread reply. */
  threadTs?: string;
  responseUrl: string;
  triggerId?: string;
  teamId?: string;
  state?: StateValues;
}

/** A `block_actions` payload for an interactive element in a message, ready to post. */
export function blockAction(input: BlockActionInput): string {
  return interactionBody(blockActionPayload(input));
}

export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const teamId = input.teamId ?? DEFAULT_TEAM_ID;
  const actionType = input.actionType ?? (input.selectedOption === undefined ? 'button' : 'static_select');
  const action: Record<string, unknown> = {
    action_id: input.actionId,
    block_id: input.blockId ?? defaultBlockId(input.actionId),
    type: actionType,
    action_ts: makeActionTs(),
  };
  if (input.selectedOption !== undefined) {
    action.selected_option = withOptionText({ value: input.selectedOption });
  } else {
    action.text = plainText(input.buttonText ?? input.actionId);
    if (input.value !== undefined) action.value = input.value;
  }
  const container: Record<string, unknown> = {
    type: 'message',
    message_ts: input.messageTs,
    channel_id: input.channelId,
    is_ephemeral: input.isEphemeral ?? false,
  };
  if (input.threadTs !== undefined) container.thread_ts = input.threadTs;
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: userObject(input.userId, input.userName, teamId),
    api_app_id: DEFAULT_API_APP_ID,
    token: DEFAULT_VERIFICATION_TOKEN,
    container,
    trigger_id: input.triggerId ?? makeTriggerId(),
    team: { id: teamId, domain: DEFAULT_TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: input.channelName ?? defaultChannelName(input.channelId) },
    state: { values: normalizeStateValues(input.state ?? {}) },
    response_url: input.responseUrl,
    actions: [action],
  };
  if (!(input.isEphemeral ?? false)) {
    const message: Record<string, unknown> = {
      type: 'message',
      user: 'UBOT',
      bot_id: 'BBOT',
      app_id: DEFAULT_API_APP_ID,
      ts: input.messageTs,
      team: teamId,
      text: input.messageText ?? '',
      blocks: input.messageBlocks ?? [],
    };
    if (input.threadTs !== undefined) message.thread_ts = input.threadTs;
    payload.message = message;
  }
  return payload;
}

export interface ResponseUrlEntry {
  block_id: string;
  action_id: string;
  channel_id: string;
  response_url: string;
}

export interface ViewSubmissionInput {
  userId: string;
  userName?: string;
  callbackId: string;
  privateMetadata?: string;
  values: StateValues;
  viewId?: string;
  /** The modal's blocks; Bolt passes them through as view.blocks. */
  blocks?: unknown[];
  title?: string;
  externalId?: string;
  hash?: string;
  teamId?: string;
  triggerId?: string;
  /** Only present when the modal has a conversation select with response_url_enabled. */
  responseUrls?: ResponseUrlEntry[];
}

/** A `view_submission` payload (user pressed Submit on a modal), ready to post. */
export function viewSubmission(input: ViewSubmissionInput): string {
  return interactionBody(viewSubmissionPayload(input));
}

export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const teamId = input.teamId ?? DEFAULT_TEAM_ID;
  const viewId = input.viewId ?? makeViewId();
  return {
    type: 'view_submission',
    team: { id: teamId, domain: DEFAULT_TEAM_DOMAIN },
    user: userObject(input.userId, input.userName, teamId),
    api_app_id: DEFAULT_API_APP_ID,
    token: DEFAULT_VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? makeTriggerId(),
    view: modalView({
      id: viewId,
      teamId,
      callbackId: input.callbackId,
      privateMetadata: input.privateMetadata ?? '',
      values: normalizeStateValues(input.values),
      blocks: input.blocks ?? [],
      title: input.title ?? 'AccountDesk',
      externalId: input.externalId ?? '',
      hash: input.hash ?? makeHash(),
    }),
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface BlockSuggestionInput {
  userId: string;
  userName?: string;
  actionId: string;
  blockId: string;
  /** What the user has typed into the external select so far. */
  value: string;
  viewId?: string;
  callbackId?: string;
  privateMetadata?: string;
  teamId?: string;
}

/** A `block_suggestion` payload (typing into an external_select inside a modal), ready to post. */
export function blockSuggestion(input: BlockSuggestionInput): string {
  return interactionBody(blockSuggestionPayload(input));
}

export function blockSuggestionPayload(input: BlockSuggestionInput): Record<string, unknown> {
  const teamId = input.teamId ?? DEFAULT_TEAM_ID;
  const viewId = input.viewId ?? makeViewId();
  return {
    type: 'block_suggestion',
    user: userObject(input.userId, input.userName, teamId),
    container: { type: 'view', view_id: viewId },
    api_app_id: DEFAULT_API_APP_ID,
    token: DEFAULT_VERIFICATION_TOKEN,
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
    team: { id: teamId, domain: DEFAULT_TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    view: modalView({
      id: viewId,
      teamId,
      callbackId: input.callbackId ?? '',
      privateMetadata: input.privateMetadata ?? '',
      values: {},
      blocks: [],
      title: 'AccountDesk',
      externalId: '',
      hash: makeHash(),
    }),
  };
}

// --- sending -----------------------------------------------------------------------------------

export interface PostOptions {
  secret: string;
  /** Signature timestamp in seconds; pass an old one to test replay protection. */
  timestamp?: number;
  /** Extra or overriding headers (e.g. a tampered X-Slack-Signature). */
  headers?: Record<string, string>;
  /** Defaults to form encoding; use 'application/json' for Events API bodies. */
  contentType?: string;
}

export type { ServiceResponse };

/** POSTs a signed body to the service the way Slack does and returns the buffered response. */
export async function postToService(
  baseUrl: string,
  path: string,
  body: string,
  options: PostOptions,
): Promise<ServiceResponse> {
  const url = serviceUrl(baseUrl, path);
  // Bolt compares the content type verbatim, so no '; charset=…' suffix.
  const headers = new Headers({ 'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded' });
  for (const [name, value] of Object.entries(signSlack(options.secret, body, options.timestamp))) {
    headers.set(name, value);
  }
  // set() (not a merged object) so an override replaces the header instead of duplicating it.
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  const response = await fetch(url, { method: 'POST', headers, body });
  return bufferedResponse(url, response);
}

// --- helpers -----------------------------------------------------------------------------------

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

function plainText(text: string): PlainText {
  return { type: 'plain_text', text, emoji: true };
}

/** Slack always echoes the option's label next to its value; tests usually only care about the value. */
function withOptionText(option: SelectedOption): Required<SelectedOption> {
  return { text: option.text ?? plainText(option.value), value: option.value };
}

function normalizeStateValues(values: StateValues): StateValues {
  const out: StateValues = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const block: Record<string, StateValue> = {};
    for (const [actionId, state] of Object.entries(actions)) {
      const normalized: StateValue = { ...state };
      if (state.selected_option) normalized.selected_option = withOptionText(state.selected_option);
      if (state.selected_options) normalized.selected_options = state.selected_options.map(withOptionText);
      block[actionId] = normalized;
    }
    out[blockId] = block;
  }
  return out;
}

function userObject(userId: string, userName: string | undefined, teamId: string): Record<string, string> {
  const name = userName ?? defaultUserName(userId);
  return { id: userId, username: name, name, team_id: teamId };
}

function modalView(input: {
  id: string;
  teamId: string;
  callbackId: string;
  privateMetadata: string;
  values: StateValues;
  blocks: unknown[];
  title: string;
  externalId: string;
  hash: string;
}): Record<string, unknown> {
  return {
    id: input.id,
    team_id: input.teamId,
    type: 'modal',
    blocks: input.blocks,
    private_metadata: input.privateMetadata,
    callback_id: input.callbackId,
    state: { values: input.values },
    hash: input.hash,
    title: plainText(input.title),
    clear_on_close: false,
    notify_on_close: false,
    close: plainText('Cancel'),
    submit: plainText('Submit'),
    previous_view_id: null,
    root_view_id: input.id,
    app_id: DEFAULT_API_APP_ID,
    external_id: input.externalId,
    app_installed_team_id: input.teamId,
    bot_id: 'BBOT',
  };
}

function defaultUserName(userId: string): string {
  return userId.toLowerCase();
}

/** Slack reports DMs and group DMs with these fixed names. */
function defaultChannelName(channelId: string): string {
  if (channelId.startsWith('D')) return 'directmessage';
  if (channelId.startsWith('G')) return 'privategroup';
  return 'general';
}

function defaultBlockId(actionId: string): string {
  return `${actionId}_block`;
}

/** Same shape as Slack's: '<13 digits>.<10 digits>.<32 hex>'. */
function makeTriggerId(): string {
  return `${digits(13)}.${digits(10)}.${randomBytes(16).toString('hex')}`;
}

function makeActionTs(): string {
  return `${nowSec()}.${digits(6)}`;
}

function makeViewId(): string {
  return `V${randomBytes(5).toString('hex').toUpperCase()}`;
}

function makeHash(): string {
  return `${nowSec()}.${randomBytes(4).toString('hex')}`;
}

function digits(count: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < count) out += String(randomInt(0, 10));
  return out;
}
