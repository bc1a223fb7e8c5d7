/**
 * What the sandbox page's people do, turned into the requests Slack would send the app: the page
 * posts intents ("Riley typed /visit …", "Sam clicked the first button of block 6"), and this
 * builds the exact Slack payload from what the emulator stored, signs it with the sandbox's signing
 * secret (the browser never holds it) and posts it to the service's real `POST /slack/events`.
 * The app's answer is then shown the way Slack shows it.
 *
 * Clicks and type-ahead are handled here (in a message, a modal or the App Home); the composer's
 * lines in composer-intents.ts, a modal's Submit and Close in modal-intents.ts, opening the Home tab
 * in home-intents.ts, locating elements and their values in element-state.ts.
 */

import { typeLine } from './composer-intents.ts';
import {
  blockIdOf,
  type Choice,
  type ElementAddress,
  elementOf,
  isRecord,
  reported,
} from './element-state.ts';
import { openHome } from './home-intents.ts';
import { type IntentResult, type InteractionsDeps, intentContext } from './intent-context.ts';
import { closeView, submitView } from './modal-intents.ts';
import {
  type ActionContainer,
  blockActionsPayload,
  blockSuggestionPayload,
  interactionBody,
  messageInPayload,
  type StateValues,
} from './payloads.ts';

export type { Choice, ElementAddress } from './element-state.ts';
export { IntentError, type IntentResult, type InteractionsDeps } from './intent-context.ts';
export type { SubmitResult } from './modal-intents.ts';

export type SuggestResult = { options: unknown[]; option_groups?: unknown[] };

export function createInteractions(deps: InteractionsDeps) {
  const ctx = intentContext(deps);
  const { emulator } = deps;

  return {
    /** A line typed into the composer: a slash command, or a message from a person. */
    type: (input: { user: string; channel: string; text: string; threadTs?: string }) => typeLine(ctx, input),

    /** The member opened the app's Home tab. */
    home: (input: { user: string }) => openHome(ctx, input),

    /** A button clicked, an option chosen, a date or a person picked, in a message, a modal or the home. */
    async act(input: { user: string; at: ElementAddress; choice: Choice }): Promise<IntentResult> {
      const user = ctx.person(input.user);
      const { at } = input;
      let blocks: unknown[];
      let container: ActionContainer;
      let owner: string;
      if (at.kind === 'message') {
        const conversation = ctx.conversationFor(user.id, at.channel);
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
        const view = ctx.viewFor(user.id, at.viewId);
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
      const answer = await ctx.send(interactionBody(payload));
      if (answer.status !== 200) return { ok: false, error: `the app answered HTTP ${answer.status}` };
      return { ok: true };
    },

    /** Type-ahead in an external select: the app's options for what was typed so far. */
    async suggest(input: { user: string; at: ElementAddress; value: string }): Promise<SuggestResult> {
      const user = ctx.person(input.user);
      const { at } = input;
      let blocks: unknown[];
      let owner: string;
      let view: Record<string, unknown> | undefined;
      let channel: { id: string; name: string } | undefined;
      if (at.kind === 'view') {
        view = ctx.viewFor(user.id, at.viewId);
        blocks = Array.isArray(view.blocks) ? view.blocks : [];
        owner = at.viewId;
      } else {
        const conversation = ctx.conversationFor(user.id, at.channel);
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
      const answer = await ctx.send(interactionBody(payload));
      if (answer.status !== 200 || answer.text === '') return { options: [] };
      const parsed: unknown = JSON.parse(answer.text);
      if (!isRecord(parsed)) return { options: [] };
      return {
        options: Array.isArray(parsed.options) ? parsed.options : [],
        ...(Array.isArray(parsed.option_groups) ? { option_groups: parsed.option_groups } : {}),
      };
    },

    /** Submit on a modal: Slack checks required fields itself, then sends the view with its state. */
    submit: (input: { user: string; viewId: string; values: Record<number, Choice> }) =>
      submitView(ctx, input),

    /** Cancel (back one view) or close (all views); the app hears of it only if it asked to. */
    close: (input: { user: string; viewId: string; all: boolean }): Promise<IntentResult> =>
      closeView(ctx, input),

    /** "Dismiss" on a private message. */
    dismiss(input: { user: string; ts: string }): IntentResult {
      emulator.workspace.dismissEphemeral(ctx.person(input.user).id, input.ts);
      return { ok: true };
    },
  };
}

export type Interactions = ReturnType<typeof createInteractions>;
