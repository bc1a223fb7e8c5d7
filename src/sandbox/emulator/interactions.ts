/**
 * What the sandbox page's people do, turned into the requests Slack would send the app: the page
 * posts intents ("Riley typed /visit …", "Sam clicked the first button of block 6"), and this
 * builds the exact Slack payload from what the emulator stored, signs it with the sandbox's signing
 * secret (the browser never holds it) and posts it to the service's real `POST /slack/events`.
 * The app's answer is then shown the way Slack shows it.
 */
import type { Logger } from 'pino';
import type { SlashCommandInfo } from './manifest-commands.ts';
import {
  type ActionContainer,
  blockActionsPayload,
  blockSuggestionPayload,
  interactionBody,
  messageInPayload,
  type SlackUser,
  type StateValues,
  signedHeaders,
  slashCommandBody,
  type Team,
  viewSubmissionPayload,
} from './payloads.ts';
import { BOT_USER_ID, type Conversation, type SlackEmulator } from './slack-emulator.ts';

export type InteractionsDeps = {
  emulator: SlackEmulator;
  /** The service's Slack endpoint, e.g. http://127.0.0.1:3000/slack/events */
  eventsUrl: string;
  signingSecret: string;
  team: Team;
  commands: SlashCommandInfo[];
  /** The workspace's people: who may act, and the handle Slack reports for them. */
  user(id: string): SlackUser | undefined;
  logger: Logger;
};

/** Where an element sits: in a message (perhaps a private one) or in a modal view. */
export type ElementAddress =
  | {
      kind: 'message';
      channel: string;
      ts: string;
      ephemeral: boolean;
      blockIndex: number;
      elementIndex?: number;
    }
  | { kind: 'view'; viewId: string; blockIndex: number; elementIndex?: number };

/** What the person chose: a button has nothing to add; selects, pickers and inputs carry a value. */
export type Choice = { value?: string | null; label?: string };

export type IntentResult = { ok: true } | { ok: false; error: string };
export type SubmitResult = IntentResult | { ok: false; errors: Record<number, string> };
export type SuggestResult = { options: unknown[]; option_groups?: unknown[] };

/** Slack's own wording for what its client refuses before anything is sent. */
const REQUIRED = 'Please complete this required field.';
const READ_ONLY_DM = 'Sending messages to this app has been turned off.';
const TROUBLE = 'We had some trouble connecting. Try again?';

type Block = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Slack gives every block without a block_id one of its own; a stable one per position will do here. */
const blockIdOf = (block: Block, owner: string, index: number) =>
  typeof block.block_id === 'string' ? block.block_id : `sbx-${owner.replace(/\W/g, '')}-${index}`;

function elementOf(block: Block, elementIndex: number | undefined): Block | undefined {
  if (block.type === 'actions' && Array.isArray(block.elements)) {
    const element: unknown = block.elements[elementIndex ?? 0];
    return isRecord(element) ? element : undefined;
  }
  if (block.type === 'section' && isRecord(block.accessory)) return block.accessory;
  if (block.type === 'input' && isRecord(block.element)) return block.element;
  return undefined;
}

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

/** The element's value as Slack reports it in `state.values` and in `actions[]`. */
function reported(element: Block, choice: Choice): Record<string, unknown> | undefined {
  const value = choice.value === undefined || choice.value === '' ? null : choice.value;
  switch (element.type) {
    case 'plain_text_input':
      return { type: element.type, value };
    case 'datepicker':
      if (value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
      return { type: element.type, selected_date: value };
    case 'users_select':
      return { type: element.type, selected_user: value };
    case 'static_select':
    case 'overflow': {
      const options = Array.isArray(element.options) ? element.options.filter(isRecord) : [];
      const option = value === null ? null : options.find((o) => o.value === value);
      if (option === undefined) return undefined;
      return { type: element.type, selected_option: option };
    }
    case 'external_select':
      return {
        type: element.type,
        selected_option: value === null ? null : { text: plain(choice.label ?? value), value },
      };
    default:
      return undefined;
  }
}

export function createInteractions(deps: InteractionsDeps) {
  const { emulator } = deps;

  async function send(body: string): Promise<{ status: number; text: string }> {
    const response = await fetch(deps.eventsUrl, {
      method: 'POST',
      headers: signedHeaders(deps.signingSecret, body),
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  function person(id: string): SlackUser {
    const user = deps.user(id);
    if (!user) throw new IntentError(`${id} is not a member of this workspace`);
    return user;
  }

  function conversationFor(user: string, channel: string): Conversation {
    const found = emulator.workspace.conversationsOf(user).find((c) => c.id === channel);
    if (!found) throw new IntentError(`${user} is not in conversation ${channel}`);
    return found;
  }

  const tellPrivately = (user: string, channel: string, text: string) =>
    emulator.workspace.addEphemeral({ channel, user, text });

  /** A publicly visible view object: the emulator's bookkeeping stays out of payloads. */
  function viewFor(user: string, viewId: string): Record<string, unknown> {
    const open = emulator.workspace.view(viewId);
    if (!open || open.user !== user) throw new IntentError('that form is no longer open');
    const { opened_by: _by, trigger_id: _trigger, ...view } = open.view;
    return view;
  }

  /** Shows an answer the app put in its HTTP response (slash commands), as Slack does. */
  function showAnswer(user: string, channel: string, text: string): void {
    if (text.trim() === '') return;
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      // Slack shows a plain-text acknowledgement as the private answer itself.
      tellPrivately(user, channel, text);
      return;
    }
    if (!isRecord(answer)) return;
    const content = {
      ...(typeof answer.text === 'string' ? { text: answer.text } : {}),
      ...(Array.isArray(answer.blocks) ? { blocks: answer.blocks } : {}),
    };
    if (content.text === undefined && content.blocks === undefined) return;
    if (answer.response_type === 'in_channel')
      emulator.seedMessage(channel, { user: BOT_USER_ID, ...content });
    else emulator.workspace.addEphemeral({ channel, user, ...content });
  }

  return {
    /** A line typed into the composer: a slash command, or a message from a person. */
    async type(input: {
      user: string;
      channel: string;
      text: string;
      threadTs?: string;
    }): Promise<IntentResult> {
      const user = person(input.user);
      const conversation = conversationFor(user.id, input.channel);
      const text = input.text.trim();
      if (!text.startsWith('/')) {
        if (conversation.kind === 'im') return { ok: false, error: READ_ONLY_DM };
        emulator.seedMessage(conversation.id, {
          user: user.id,
          text,
          ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
        });
        return { ok: true };
      }
      const name = text.split(/\s+/)[0] ?? '';
      const command = deps.commands.find((c) => c.command === name);
      if (!command) {
        tellPrivately(
          user.id,
          conversation.id,
          `${name} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
        );
        return { ok: true };
      }
      if (input.threadTs) {
        tellPrivately(user.id, conversation.id, `${name} is not supported in threads. Sorry!`);
        return { ok: true };
      }
      const body = slashCommandBody({
        team: deps.team,
        user,
        channel: { id: conversation.id, name: conversation.name },
        command: command.command,
        // Slack passes the text after the command verbatim, leading spaces trimmed.
        text: text.slice(name.length).trimStart(),
        responseUrl: emulator.createResponseUrl({ user: user.id, channel: conversation.id }),
        triggerId: emulator.issueTriggerId(user.id),
      });
      const answer = await send(body);
      if (answer.status !== 200) {
        deps.logger.warn(
          { command: name, status: answer.status },
          'sandbox: the app refused a slash command',
        );
        tellPrivately(user.id, conversation.id, `${name} failed with the error "dispatch_failed"`);
        return { ok: true };
      }
      showAnswer(user.id, conversation.id, answer.text);
      return { ok: true };
    },

    /** A button clicked, an option chosen, a date or a person picked, in a message or a modal. */
    async act(input: { user: string; at: ElementAddress; choice: Choice }): Promise<IntentResult> {
      const user = person(input.user);
      const { at } = input;
      let blocks: unknown[];
      let container: ActionContainer;
      let owner: string;
      if (at.kind === 'message') {
        const conversation = conversationFor(user.id, at.channel);
        const message = at.ephemeral
          ? emulator.ephemerals(conversation.id).find((m) => m.user === user.id && m.message_ts === at.ts)
          : emulator.messages(conversation.id).find((m) => m.ts === at.ts);
        if (!message) return { ok: false, error: 'that message is gone' };
        blocks = message.blocks ?? [];
        owner = at.ts;
        const threadTs = message.thread_ts;
        container = {
          type: 'message',
          channel: { id: conversation.id, name: conversation.name },
          messageTs: at.ts,
          ephemeral: at.ephemeral,
          ...(threadTs ? { threadTs } : {}),
          ...('history' in message ? { message: messageInPayload(deps.team.id, message) } : {}),
          responseUrl: emulator.createResponseUrl({
            user: user.id,
            channel: conversation.id,
            messageTs: at.ts,
            ephemeral: at.ephemeral,
            ...(threadTs ? { threadTs } : {}),
          }),
        };
      } else {
        const view = viewFor(user.id, at.viewId);
        blocks = Array.isArray(view.blocks) ? view.blocks : [];
        owner = at.viewId;
        container = { type: 'view', view };
      }
      const block = blocks[at.blockIndex];
      const element = isRecord(block) ? elementOf(block, at.elementIndex) : undefined;
      if (!isRecord(block) || !element || typeof element.action_id !== 'string')
        return { ok: false, error: 'no such element' };
      const blockId = blockIdOf(block, owner, at.blockIndex);
      const action: Record<string, unknown> = { action_id: element.action_id, block_id: blockId };
      const state: StateValues = {};
      if (element.type === 'button') {
        Object.assign(action, {
          type: 'button',
          text: element.text,
          ...(element.value !== undefined ? { value: element.value } : {}),
          ...(element.style !== undefined ? { style: element.style } : {}),
        });
      } else {
        const value = reported(element, input.choice);
        if (!value) return { ok: false, error: 'not a choice this element offers' };
        if (element.type === 'users_select' && value.selected_user && !deps.user(String(value.selected_user)))
          return { ok: false, error: 'no such person' };
        Object.assign(action, value);
        state[blockId] = { [element.action_id]: value };
      }
      const payload = blockActionsPayload({
        team: deps.team,
        user,
        container,
        action,
        state,
        triggerId: emulator.issueTriggerId(user.id),
      });
      const answer = await send(interactionBody(payload));
      if (answer.status !== 200) return { ok: false, error: `the app answered HTTP ${answer.status}` };
      return { ok: true };
    },

    /** Type-ahead in an external select: the app's options for what was typed so far. */
    async suggest(input: { user: string; at: ElementAddress; value: string }): Promise<SuggestResult> {
      const user = person(input.user);
      const { at } = input;
      let blocks: unknown[];
      let owner: string;
      let view: Record<string, unknown> | undefined;
      let channel: { id: string; name: string } | undefined;
      if (at.kind === 'view') {
        view = viewFor(user.id, at.viewId);
        blocks = Array.isArray(view.blocks) ? view.blocks : [];
        owner = at.viewId;
      } else {
        const conversation = conversationFor(user.id, at.channel);
        channel = { id: conversation.id, name: conversation.name };
        blocks = emulator.messages(conversation.id).find((m) => m.ts === at.ts)?.blocks ?? [];
        owner = at.ts;
      }
      const block = blocks[at.blockIndex];
      const element = isRecord(block) ? elementOf(block, at.elementIndex) : undefined;
      if (!isRecord(block) || element?.type !== 'external_select' || typeof element.action_id !== 'string')
        return { options: [] };
      const payload = blockSuggestionPayload({
        team: deps.team,
        user,
        ...(view ? { view } : {}),
        ...(channel && at.kind === 'message' ? { channel, messageTs: at.ts } : {}),
        actionId: element.action_id,
        blockId: blockIdOf(block, owner, at.blockIndex),
        value: input.value,
      });
      const answer = await send(interactionBody(payload));
      if (answer.status !== 200 || answer.text === '') return { options: [] };
      const parsed: unknown = JSON.parse(answer.text);
      if (!isRecord(parsed)) return { options: [] };
      return {
        options: Array.isArray(parsed.options) ? parsed.options : [],
        ...(Array.isArray(parsed.option_groups) ? { option_groups: parsed.option_groups } : {}),
      };
    },

    /** Submit on a modal: Slack checks required fields itself, then sends the view with its state. */
    async submit(input: {
      user: string;
      viewId: string;
      values: Record<number, Choice>;
    }): Promise<SubmitResult> {
      const user = person(input.user);
      const view = viewFor(user.id, input.viewId);
      const blocks = (Array.isArray(view.blocks) ? view.blocks : []).filter(isRecord);
      const state: StateValues = {};
      const indexOf = new Map<string, number>();
      const missing: Record<number, string> = {};
      blocks.forEach((block, index) => {
        if (block.type !== 'input' || !isRecord(block.element)) return;
        const element = block.element;
        if (typeof element.action_id !== 'string') return;
        const blockId = blockIdOf(block, input.viewId, index);
        indexOf.set(blockId, index);
        const choice = input.values[index] ?? {};
        const value = reported(element, choice);
        if (!value) return;
        state[blockId] = { [element.action_id]: value };
        const empty = Object.entries(value).every(([key, v]) => key === 'type' || v === null);
        if (empty && block.optional !== true) missing[index] = REQUIRED;
      });
      if (Object.keys(missing).length > 0) return { ok: false, errors: missing };
      const payload = viewSubmissionPayload({
        team: deps.team,
        user,
        view,
        state,
        triggerId: emulator.issueTriggerId(user.id),
      });
      const answer = await send(interactionBody(payload));
      if (answer.status !== 200) return { ok: false, error: TROUBLE };
      const ack: unknown = answer.text.trim() === '' ? {} : JSON.parse(answer.text);
      const action = isRecord(ack) ? ack.response_action : undefined;
      if (isRecord(ack) && action === 'errors' && isRecord(ack.errors)) {
        const errors: Record<number, string> = {};
        for (const [blockId, message] of Object.entries(ack.errors)) {
          const index = indexOf.get(blockId);
          if (index !== undefined) errors[index] = String(message);
        }
        return { ok: false, errors };
      }
      if (isRecord(ack) && action === 'update' && isRecord(ack.view))
        emulator.workspace.replaceView(input.viewId, ack.view);
      else if (isRecord(ack) && action === 'push' && isRecord(ack.view))
        emulator.workspace.pushView(user.id, ack.view);
      else emulator.workspace.closeViews(user.id, action === 'clear');
      return { ok: true };
    },

    /** Cancel (back one view) or close (all views); the app hears of it only if it asked to. */
    async close(input: { user: string; viewId: string; all: boolean }): Promise<IntentResult> {
      const user = person(input.user);
      const view = viewFor(user.id, input.viewId);
      if (view.notify_on_close === true) {
        await send(
          interactionBody({
            type: 'view_closed',
            team: { id: deps.team.id, domain: deps.team.domain },
            user: { id: user.id, username: user.name, name: user.name, team_id: deps.team.id },
            api_app_id: view.app_id,
            view,
            is_cleared: input.all,
            is_enterprise_install: false,
            enterprise: null,
          }),
        );
      }
      emulator.workspace.closeViews(user.id, input.all);
      return { ok: true };
    },

    /** "Dismiss" on a private message. */
    dismiss(input: { user: string; ts: string }): IntentResult {
      emulator.workspace.dismissEphemeral(person(input.user).id, input.ts);
      return { ok: true };
    },
  };
}

export type Interactions = ReturnType<typeof createInteractions>;

/** A request the page should not have made (unknown person, someone else's form): answered 400. */
export class IntentError extends Error {
  override readonly name = 'IntentError';
}
