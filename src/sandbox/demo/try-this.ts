/**
 * The "Try this" guide the sandbox posts into #general: short steps through the approval features
 * on the seeded history (demo-discounts.ts). English only — the sandbox page has no language
 * setting, and a channel message is the same for everyone who reads it.
 */
import type { Logger } from 'pino';
import { addDays, localDate } from '../../domain/dates.ts';
import { BOT_USER_ID, type SlackEmulator } from '../emulator/slack-emulator.ts';
import { GENERAL_CHANNEL_ID } from '../emulator/workspace-conversations.ts';
import { DEMO_DEALS } from './demo-discounts.ts';
import { DEMO_ZONE } from './seed-demo-team.ts';

/** Marks the guide among #general's messages (Slack message metadata), so it is posted only once. */
export const TRY_THIS_EVENT = 'accountdesk_sandbox_try_this';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** The guide as Block Kit; `awayUntil` is an example date a few days after today. */
export function tryThisMessage(awayUntil: string): { text: string; blocks: unknown[] } {
  const { acme, initech } = DEMO_DEALS;
  const steps = [
    `*1. A customer's discount history* — as Riley, in the AccountDesk DM: \`/customer Acme\`. It shows the 4% approved automatically and the 10% on 1,200,000 Sam approved on deal ${acme}.`,
    `*2. Smart re-approval* — \`/discount Acme 8% deal:${acme} reason:competitor matching the renewal quote\`. Approved at once, citing Sam's 10% on the same deal; Sam is told.`,
    `*3. Rejection memory* — \`/discount Initech 5% deal:${initech} reason:budget two-year term as Sam asked\`. 5% is normally automatic, but Sam rejected 12% on this deal, so it goes to Sam, with the rejection and Sam's note beside it.`,
    '*4. Approve, reject or withdraw* — Globex\'s 8% (request #4) waits for Sam. As Sam, open the group DM with Riley and click Approve, or Reject with a note. As Riley, click Withdraw on the "waiting for Sam" notice instead.',
    '*5. Withdraw from a list* — as Riley: `/discount withdraw` lists your requests still waiting, each with a Withdraw button.',
    '*6. Counter-offer* — as Sam, "Counter-offer…" on a pending request proposes a smaller cut; Riley answers with Accept or Decline.',
    `*7. Away and delegation* — as Sam: \`/accountdesk away ${awayUntil} @dana.wu\` (any date from today on). Sam's waiting approvals go to Dana until then; \`/accountdesk back\` ends it.`,
  ];
  return {
    text: 'Try this: discount approvals in the AccountDesk sandbox',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Try this: discount approvals' } },
      section(
        'The demo team has a discount history: #1 Acme 4% (automatic), #2 Acme 10% approved by Sam, #3 Initech 12% rejected by Sam, #4 Globex 8% waiting for Sam. Pick who you are at the top of the page.',
      ),
      ...steps.map(section),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '*Advance one day* moves the demo clock on (reminders, escalations); *Reset demo* starts over and posts this guide again.',
          },
        ],
      },
    ],
  };
}

/**
 * Posts the guide into #general unless the workspace already has it: a restart keeps the saved
 * workspace (and the guide in it), a reset empties it and the guide comes back.
 */
export function postTryThisOnce(emulator: SlackEmulator, now: Date, logger: Logger): void {
  const posted = emulator
    .messages(GENERAL_CHANNEL_ID)
    .some((m) => m.user === BOT_USER_ID && isTryThis(m.metadata));
  if (posted) return;
  const example = addDays(localDate(now, DEMO_ZONE), 7);
  const answer = emulator.workspace.api['chat.postMessage']!({
    channel: GENERAL_CHANNEL_ID,
    ...tryThisMessage(example),
    metadata: { event_type: TRY_THIS_EVENT, event_payload: {} },
  });
  if (!answer.ok) logger.warn({ error: answer.error }, 'sandbox: could not post the "Try this" guide');
}

function isTryThis(metadata: unknown): boolean {
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    'event_type' in metadata &&
    metadata.event_type === TRY_THIS_EVENT
  );
}
