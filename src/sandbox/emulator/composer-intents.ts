/**
 * A line typed into the page's composer, handled as Slack's client would: a message from a person
 * goes straight into the conversation; a slash command goes to the app, and its answer is shown.
 */
import { escapeCommandText } from './command-escaping.ts';
import { isRecord } from './element-state.ts';
import type { IntentContext, IntentResult } from './intent-context.ts';
import { slashCommandBody } from './payloads.ts';
import { BOT_USER_ID } from './slack-emulator.ts';

/** Slack's own wording for a DM with an app that takes no messages. */
const READ_ONLY_DM = 'Sending messages to this app has been turned off.';

export type TypedLine = { user: string; channel: string; text: string; threadTs?: string };

export async function typeLine(ctx: IntentContext, input: TypedLine): Promise<IntentResult> {
  const { deps, emulator } = ctx;
  const user = ctx.person(input.user);
  const conversation = ctx.conversationFor(user.id, input.channel);
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
    ctx.tellPrivately(
      user.id,
      conversation.id,
      `${name} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
    );
    return { ok: true };
  }
  if (input.threadTs) {
    ctx.tellPrivately(user.id, conversation.id, `${name} is not supported in threads. Sorry!`);
    return { ok: true };
  }
  const body = slashCommandBody({
    team: deps.team,
    user,
    channel: { id: conversation.id, name: conversation.name },
    command: command.command,
    // Slack passes the text after the command verbatim (escaped if the manifest asks), leading spaces trimmed.
    text: command.shouldEscape
      ? escapeCommandText(text.slice(name.length).trimStart(), deps.userByHandle)
      : text.slice(name.length).trimStart(),
    responseUrl: emulator.createResponseUrl({ user: user.id, channel: conversation.id }),
    triggerId: emulator.issueTriggerId(user.id),
  });
  const answer = await ctx.send(body);
  if (answer.status !== 200) {
    deps.logger.warn({ command: name, status: answer.status }, 'sandbox: the app refused a slash command');
    ctx.tellPrivately(user.id, conversation.id, `${name} failed with the error "dispatch_failed"`);
    return { ok: true };
  }
  showAnswer(ctx, user.id, conversation.id, answer.text);
  return { ok: true };
}

/** Shows an answer the app put in its HTTP response (slash commands), as Slack does. */
function showAnswer(ctx: IntentContext, user: string, channel: string, text: string): void {
  if (text.trim() === '') return;
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    // Slack shows a plain-text acknowledgement as the private answer itself.
    ctx.tellPrivately(user, channel, text);
    return;
  }
  if (!isRecord(answer)) return;
  const content = {
    ...(typeof answer.text === 'string' ? { text: answer.text } : {}),
    ...(Array.isArray(answer.blocks) ? { blocks: answer.blocks } : {}),
  };
  if (content.text === undefined && content.blocks === undefined) return;
  if (answer.response_type === 'in_channel')
    ctx.emulator.seedMessage(channel, { user: BOT_USER_ID, ...content });
  else ctx.emulator.workspace.addEphemeral({ channel, user, ...content });
}
