/**
 * Opening the app's Home tab, as Slack's client does it: Slack tells the app with an
 * `app_home_opened` event (Events API: a signed JSON `event_callback`), and shows whatever home the
 * app publishes with views.publish — now or later, the page follows the emulator's changes.
 * Clicks in the home go through interactions.ts like a modal's: a `view` container, no channel.
 */
import type { IntentContext, IntentResult } from './intent-context.ts';
import { appHomeOpenedEvent } from './payloads.ts';

/** The member opened the Home tab: the app hears of it; what it publishes shows up by itself. */
export async function openHome(ctx: IntentContext, input: { user: string }): Promise<IntentResult> {
  const user = ctx.person(input.user);
  // Slack names the member's DM with the app, whether or not anything was ever said in it.
  const channel =
    ctx.emulator.workspace.conversationsOf(user.id).find((c) => c.kind === 'im')?.id ?? `D${user.id}`;
  const home = ctx.emulator.homeView(user.id);
  const event = appHomeOpenedEvent({
    teamId: ctx.deps.team.id,
    user: user.id,
    channel,
    ...(home ? { home } : {}),
  });
  const answer = await ctx.send(JSON.stringify(event), 'json');
  if (answer.status !== 200) return { ok: false, error: `the app answered HTTP ${answer.status}` };
  return { ok: true };
}
