/**
 * What every intent handler needs: the emulator, a way to post a signed request to the service,
 * and the checks that keep the page honest (a real person, in a conversation they belong to, acting
 * on a form of their own).
 */
import type { Logger } from 'pino';
import type { SlashCommandInfo } from './manifest-commands.ts';
import { type SlackUser, signedHeaders, type Team } from './payloads.ts';
import type { Conversation, EphemeralMessage, SlackEmulator } from './slack-emulator.ts';

export type InteractionsDeps = {
  emulator: SlackEmulator;
  /** The service's Slack endpoint, e.g. http://127.0.0.1:3000/slack/events */
  eventsUrl: string;
  signingSecret: string;
  team: Team;
  commands: SlashCommandInfo[];
  /** The workspace's people: who may act, and the handle Slack reports for them. */
  user(id: string): SlackUser | undefined;
  /** The member a typed `@handle` names (lower-case), for commands Slack escapes. */
  userByHandle(handle: string): SlackUser | undefined;
  logger: Logger;
};

export type IntentResult = { ok: true } | { ok: false; error: string };

/** A request the page should not have made (unknown person, someone else's form): answered 400. */
export class IntentError extends Error {
  override readonly name = 'IntentError';
}

export type IntentContext = {
  deps: InteractionsDeps;
  emulator: SlackEmulator;
  /**
   * Posts a body to the service, signed as Slack signs it: a form body (commands, interactions) or,
   * for the Events API, JSON.
   */
  send(body: string, format?: 'form' | 'json'): Promise<{ status: number; text: string }>;
  person(id: string): SlackUser;
  conversationFor(user: string, channel: string): Conversation;
  tellPrivately(user: string, channel: string, text: string): EphemeralMessage;
  /** A publicly visible view object (a modal or the member's home): the emulator's bookkeeping stays out of payloads. */
  viewFor(user: string, viewId: string): Record<string, unknown>;
};

export function intentContext(deps: InteractionsDeps): IntentContext {
  const { emulator } = deps;
  return {
    deps,
    emulator,
    async send(body, format = 'form') {
      const headers = signedHeaders(deps.signingSecret, body);
      if (format === 'json') headers['content-type'] = 'application/json';
      const response = await fetch(deps.eventsUrl, {
        method: 'POST',
        headers,
        body,
      });
      return { status: response.status, text: await response.text() };
    },
    person(id) {
      const user = deps.user(id);
      if (!user) throw new IntentError(`${id} is not a member of this workspace`);
      return user;
    },
    conversationFor(user, channel) {
      const found = emulator.workspace.conversationsOf(user).find((c) => c.id === channel);
      if (!found) throw new IntentError(`${user} is not in conversation ${channel}`);
      return found;
    },
    tellPrivately: (user, channel, text) => emulator.workspace.addEphemeral({ channel, user, text }),
    viewFor(user, viewId) {
      // A member's App Home is a view too: clicks in it travel as a modal's do (Slack's view container).
      const home = emulator.homeView(user);
      if (home?.id === viewId) return home;
      const open = emulator.workspace.view(viewId);
      if (!open || open.user !== user) throw new IntentError('that form is no longer open');
      const { opened_by: _by, trigger_id: _trigger, ...view } = open.view;
      return view;
    },
  };
}
