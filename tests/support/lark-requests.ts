/**
 * Builders for the HTTP requests Lark / Feishu sends to the service (`POST /lark/events` for event
 * subscriptions, `POST /lark/card` for card callbacks), so integration tests drive the real
 * @larksuiteoapi/node-sdk dispatchers end to end.
 *
 * Shapes follow the Open API docs (im.message.receive_v1, card.action.trigger "new version" callback,
 * url_verification) and what @larksuiteoapi/node-sdk 1.74 reads from them:
 * - RequestHandle.parse(): an `{ encrypt }` body is decrypted with AESCipher, then for `schema`
 *   bodies the handler receives `{ ...rest, ...header, ...event }` (header and event flattened).
 * - RequestHandle.checkIsEventValidated(): only when the dispatcher has an encryptKey; compares
 *   `X-Lark-Signature` with hex(sha256(timestamp + nonce + encryptKey + JSON.stringify(parsedBody))).
 *   Note the SDK re-serialises the PARSED body, so the raw body must be compact `JSON.stringify`
 *   output (as Lark sends and as `postToLark` does) or the SDK's check fails. The timestamp's age
 *   is never checked, and a failed check still answers HTTP 200 (with an empty body) via adaptDefault.
 * - AESCipher: key = sha256(encryptKey); payload = base64(iv[16] + AES-256-CBC(PKCS#7(plaintext))).
 * - Card callbacks (schema 2.0) go through the same checks as events; CardActionHandler and an
 *   EventDispatcher with a 'card.action.trigger' handler both accept them.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import {
  FAKE_LARK_APP_ID,
  FAKE_LARK_BOT_NAME,
  FAKE_LARK_BOT_OPEN_ID,
  FAKE_LARK_TENANT_KEY,
  fakeLarkId,
  p2pChatId,
} from './fake-lark.ts';
import { bufferedResponse, type ServiceResponse, serviceUrl } from './service-response.ts';

/** Verification Token Lark puts in `header.token` (events) and url_verification bodies. */
export const DEFAULT_LARK_VERIFICATION_TOKEN = 'lark-verification-token';
export const DEFAULT_LARK_GROUP_CHAT_ID = 'oc_fake_group';

export interface LarkSignatureHeaders {
  'X-Lark-Request-Timestamp': string;
  'X-Lark-Request-Nonce': string;
  'X-Lark-Signature': string;
}

export interface LarkSignOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number | string;
  nonce?: string;
}

/** Lark's request signature: hex(sha256(timestamp + nonce + encryptKey + rawBody)). */
export function signLark(
  encryptKey: string,
  body: string,
  options: LarkSignOptions = {},
): LarkSignatureHeaders {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(8).toString('hex');
  const signature = createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
  return {
    'X-Lark-Request-Timestamp': timestamp,
    'X-Lark-Request-Nonce': nonce,
    'X-Lark-Signature': signature,
  };
}

/**
 * Encrypts like Lark: base64(iv + AES-256-CBC(key = sha256(encryptKey), iv, PKCS#7(JSON))). Objects
 * are serialised with JSON.stringify; strings are encrypted as given. `iv` is random unless given.
 */
export function encryptLark(
  encryptKey: string,
  payload: object | string,
  iv: Buffer = randomBytes(16),
): string {
  if (iv.length !== 16) throw new Error('encryptLark: iv must be 16 bytes');
  const plaintext = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const key = createHash('sha256').update(encryptKey).digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, encrypted]).toString('base64');
}

/** Inverse of encryptLark (same algorithm as the SDK's AESCipher.decrypt). */
export function decryptLark(encryptKey: string, encrypted: string): string {
  const buffer = Buffer.from(encrypted, 'base64');
  const key = createHash('sha256').update(encryptKey).digest();
  const decipher = createDecipheriv('aes-256-cbc', key, buffer.subarray(0, 16));
  return Buffer.concat([decipher.update(buffer.subarray(16)), decipher.final()]).toString('utf8');
}

/** The body Lark posts when an Encrypt Key is configured. */
export function encryptedBody(encryptKey: string, payload: object): { encrypt: string } {
  return { encrypt: encryptLark(encryptKey, payload) };
}

// --- event envelopes ---------------------------------------------------------------------------

export interface LarkEventHeader {
  event_id: string;
  event_type: string;
  /** Milliseconds for events, microseconds for card callbacks (both as Lark sends them). */
  create_time: string;
  token: string;
  app_id: string;
  tenant_key: string;
}

export interface LarkEventEnvelope<E> {
  schema: '2.0';
  header: LarkEventHeader;
  event: E;
}

export interface LarkUserId {
  open_id: string;
  user_id?: string;
  union_id?: string;
}

export interface LarkMention {
  key: string;
  id: LarkUserId;
  name: string;
  tenant_key: string;
}

export interface LarkReceivedMessage {
  message_id: string;
  root_id?: string;
  parent_id?: string;
  create_time: string;
  update_time: string;
  chat_id: string;
  thread_id?: string;
  chat_type: 'p2p' | 'group';
  message_type: string;
  /** JSON string, e.g. '{"text":"@_user_1 hello"}'. */
  content: string;
  mentions?: LarkMention[];
}

export interface MessageReceiveEventBody {
  sender: {
    sender_id: LarkUserId;
    sender_type: 'user';
    tenant_key: string;
  };
  message: LarkReceivedMessage;
}

export interface EnvelopeOptions {
  eventId?: string;
  /** Verification Token placed in header.token. */
  token?: string;
  appId?: string;
  tenantKey?: string;
}

export interface MentionInput {
  openId: string;
  name: string;
  userId?: string;
  unionId?: string;
}

export interface MessageReceiveInput extends EnvelopeOptions {
  senderOpenId: string;
  senderUserId?: string;
  senderUnionId?: string;
  /** Text as the user typed it, with mention placeholders ('@_user_1') where they @-mentioned someone. */
  text?: string;
  /** Raw content object for non-text messages; overrides `text`. */
  content?: unknown;
  messageType?: string;
  chatType?: 'p2p' | 'group';
  /** Defaults to the fake's p2p chat with the sender (p2p) or DEFAULT_LARK_GROUP_CHAT_ID (group). */
  chatId?: string;
  messageId?: string;
  rootId?: string;
  parentId?: string;
  threadId?: string;
  /** Mentioned users in order; keys '@_user_1', '@_user_2', … are assigned by position. */
  mentions?: MentionInput[];
  /** Milliseconds since the epoch. */
  createTime?: number;
}

/** `im.message.receive_v1` event (schema 2.0), as Lark posts it to the event request URL. */
export function messageReceiveEvent(input: MessageReceiveInput): LarkEventEnvelope<MessageReceiveEventBody> {
  const chatType = input.chatType ?? 'p2p';
  const createTime = String(input.createTime ?? Date.now());
  const tenantKey = input.tenantKey ?? FAKE_LARK_TENANT_KEY;
  const message: LarkReceivedMessage = {
    message_id: input.messageId ?? fakeLarkId('om_'),
    create_time: createTime,
    update_time: createTime,
    chat_id:
      input.chatId ?? (chatType === 'p2p' ? p2pChatId(input.senderOpenId) : DEFAULT_LARK_GROUP_CHAT_ID),
    chat_type: chatType,
    message_type: input.messageType ?? 'text',
    content: JSON.stringify(input.content ?? { text: input.text ?? '' }),
  };
  if (input.rootId !== undefined) message.root_id = input.rootId;
  if (input.parentId !== undefined) message.parent_id = input.parentId;
  if (input.threadId !== undefined) message.thread_id = input.threadId;
  if (input.mentions !== undefined && input.mentions.length > 0) {
    message.mentions = input.mentions.map((mention, index) => ({
      key: `@_user_${index + 1}`,
      id: userId(mention.openId, mention.userId, mention.unionId),
      name: mention.name,
      tenant_key: tenantKey,
    }));
  }
  return {
    schema: '2.0',
    header: envelopeHeader('im.message.receive_v1', createTime, input),
    event: {
      sender: {
        sender_id: userId(input.senderOpenId, input.senderUserId, input.senderUnionId),
        sender_type: 'user',
        tenant_key: tenantKey,
      },
      message,
    },
  };
}

export interface BotMentionInput extends Omit<MessageReceiveInput, 'chatType' | 'mentions'> {
  text: string;
  botOpenId?: string;
  botName?: string;
  /** Further users mentioned after the bot ('@_user_2', …). */
  otherMentions?: MentionInput[];
}

/**
 * A group message that @-mentions the bot (in groups the bot only receives those by default). The
 * bot is '@_user_1'; the placeholder is prepended to `text` unless the text already contains it.
 */
export function botMentionEvent(input: BotMentionInput): LarkEventEnvelope<MessageReceiveEventBody> {
  const { botOpenId, botName, otherMentions, text, ...rest } = input;
  const mentions: MentionInput[] = [
    { openId: botOpenId ?? FAKE_LARK_BOT_OPEN_ID, name: botName ?? FAKE_LARK_BOT_NAME },
    ...(otherMentions ?? []),
  ];
  return messageReceiveEvent({
    ...rest,
    chatType: 'group',
    text: text.includes('@_user_1') ? text : `@_user_1 ${text}`,
    mentions,
  });
}

export interface CardActionBody {
  operator: { open_id: string; user_id?: string; union_id?: string; tenant_key: string };
  /** Callback token for the delayed-update API (valid 30 min, 2 uses). */
  token: string;
  action: {
    value?: Record<string, unknown> | string;
    tag: string;
    name?: string;
    option?: string;
    options?: string[];
    input_value?: string;
    checked?: boolean;
    timezone?: string;
    form_value?: Record<string, unknown>;
  };
  host: string;
  context: { open_message_id: string; open_chat_id: string };
}

export interface CardActionInput extends EnvelopeOptions {
  operatorOpenId: string;
  operatorUserId?: string;
  operatorUnionId?: string;
  /** The card's message id (context.open_message_id). */
  messageId: string;
  /** The card's chat (context.open_chat_id). Defaults to the operator's p2p chat. */
  chatId?: string;
  /** The `value` of the clicked element's callback behaviour. */
  value?: Record<string, unknown> | string;
  /** 'button' (default; also for form submit buttons), 'select_static', 'overflow', 'input', … */
  tag?: string;
  /** Component `name` (always present for form components and form submit buttons). */
  name?: string;
  /** Selected option of a select/overflow/picker outside a form. */
  option?: string;
  options?: string[];
  inputValue?: string;
  checked?: boolean;
  timezone?: string;
  /** Values of a form container, keyed by component name (set when a submit button is clicked). */
  formValue?: Record<string, unknown>;
  /** Callback token (event.token); random 'c-…' by default. */
  callbackToken?: string;
  host?: string;
}

/** `card.action.trigger` callback (schema 2.0), as Lark posts it to the card request URL. */
export function cardActionEvent(input: CardActionInput): LarkEventEnvelope<CardActionBody> {
  const action: CardActionBody['action'] = { tag: input.tag ?? 'button' };
  if (input.value !== undefined) action.value = input.value;
  if (input.name !== undefined) action.name = input.name;
  if (input.option !== undefined) action.option = input.option;
  if (input.options !== undefined) action.options = input.options;
  if (input.inputValue !== undefined) action.input_value = input.inputValue;
  if (input.checked !== undefined) action.checked = input.checked;
  if (input.timezone !== undefined) action.timezone = input.timezone;
  if (input.formValue !== undefined) action.form_value = input.formValue;
  const tenantKey = input.tenantKey ?? FAKE_LARK_TENANT_KEY;
  const operator: CardActionBody['operator'] = { tenant_key: tenantKey, open_id: input.operatorOpenId };
  if (input.operatorUserId !== undefined) operator.user_id = input.operatorUserId;
  if (input.operatorUnionId !== undefined) operator.union_id = input.operatorUnionId;
  return {
    schema: '2.0',
    // Card callbacks carry a microsecond timestamp.
    header: envelopeHeader('card.action.trigger', `${Date.now()}000`, input),
    event: {
      operator,
      token: input.callbackToken ?? fakeLarkId('c-', 20),
      action,
      host: input.host ?? 'im_message',
      context: {
        open_message_id: input.messageId,
        open_chat_id: input.chatId ?? p2pChatId(input.operatorOpenId),
      },
    },
  };
}

export interface UrlVerificationBody {
  challenge: string;
  token: string;
  type: 'url_verification';
}

/** The request-URL check Lark sends when the URL is saved; the service must echo `{ challenge }`. */
/** Lark's directory: someone left the company (contact.user.deleted_v3), named by open_id. */
export function userDeletedEvent(input: { openId: string; name?: string; eventId?: string }) {
  const header = envelopeHeader('contact.user.deleted_v3', String(Date.now()), {
    ...(input.eventId ? { eventId: input.eventId } : {}),
  });
  return {
    schema: '2.0' as const,
    header,
    event: { object: { ...userId(input.openId), name: input.name ?? input.openId }, old_object: {} },
  };
}

/** A bot menu item pressed (application.bot.menu_v6), as Lark's event reference shows it. */
export function botMenuEvent(input: { openId: string; eventKey: string; eventId?: string }) {
  const now = String(Date.now());
  const header = envelopeHeader('application.bot.menu_v6', now, {
    ...(input.eventId ? { eventId: input.eventId } : {}),
  });
  return {
    schema: '2.0' as const,
    header,
    event: {
      operator: { operator_name: input.openId, operator_id: userId(input.openId) },
      event_key: input.eventKey,
      timestamp: now,
    },
  };
}

export function urlVerification(input: { challenge?: string; token?: string } = {}): UrlVerificationBody {
  return {
    challenge: input.challenge ?? fakeLarkId('', 16),
    token: input.token ?? DEFAULT_LARK_VERIFICATION_TOKEN,
    type: 'url_verification',
  };
}

// --- sending -----------------------------------------------------------------------------------

export interface LarkPostOptions {
  /** The app's Encrypt Key. Without it the request is neither signed nor encrypted. */
  encryptKey?: string;
  /** Send `{ encrypt }` instead of plaintext JSON (needs encryptKey). Default false. */
  encrypt?: boolean;
  /** Sign the request (needs encryptKey). Default true when encryptKey is set. */
  sign?: boolean;
  timestamp?: number | string;
  nonce?: string;
  /** Sends a signature that does not match the body. */
  forgeSignature?: boolean;
  /** Extra or overriding headers. */
  headers?: Record<string, string>;
}

/** POSTs a body to the service the way Lark does (compact JSON, optionally encrypted and signed). */
export async function postToLark(
  baseUrl: string,
  path: string,
  body: object,
  options: LarkPostOptions = {},
): Promise<ServiceResponse> {
  const url = serviceUrl(baseUrl, path);
  const { encryptKey } = options;
  if ((options.encrypt === true || options.forgeSignature === true) && encryptKey === undefined) {
    throw new Error('postToLark: encrypt/forgeSignature need an encryptKey');
  }
  const payload =
    options.encrypt === true && encryptKey !== undefined ? encryptedBody(encryptKey, body) : body;
  const raw = JSON.stringify(payload);
  const headers = new Headers({ 'Content-Type': 'application/json; charset=utf-8' });
  if (encryptKey !== undefined && (options.sign ?? true)) {
    const signed = signLark(encryptKey, raw, { timestamp: options.timestamp, nonce: options.nonce });
    if (options.forgeSignature === true) {
      signed['X-Lark-Signature'] = createHash('sha256').update(`forged${raw}`).digest('hex');
    }
    for (const [name, value] of Object.entries(signed)) headers.set(name, value);
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  const response = await fetch(url, { method: 'POST', headers, body: raw });
  return bufferedResponse(url, response);
}

// --- helpers -----------------------------------------------------------------------------------

function envelopeHeader(eventType: string, createTime: string, options: EnvelopeOptions): LarkEventHeader {
  return {
    event_id: options.eventId ?? fakeLarkId('', 16),
    event_type: eventType,
    create_time: createTime,
    token: options.token ?? DEFAULT_LARK_VERIFICATION_TOKEN,
    app_id: options.appId ?? FAKE_LARK_APP_ID,
    tenant_key: options.tenantKey ?? FAKE_LARK_TENANT_KEY,
  };
}

function userId(openId: string, user?: string, union?: string): LarkUserId {
  const suffix = openId.replace(/^ou_/, '');
  return { union_id: union ?? `on_${suffix}`, user_id: user ?? `u_${suffix}`, open_id: openId };
}
