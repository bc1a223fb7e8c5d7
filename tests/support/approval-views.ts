/**
 * What the people of an approval see in the fake Slack, and the step rows behind it: the readings
 * the delegation, escalation and stale-snapshot tests share.
 */
import { and, eq } from 'drizzle-orm';
import { approvalSteps, discountRequests } from '../../src/db/schema.ts';
import type { StoredMessage } from './fake-slack.ts';
import { buttonsOf, replyText, type TestApp } from './harness.ts';

export type Person = Awaited<ReturnType<TestApp['makeMember']>>;

export function approvalViews(app: TestApp) {
  /** The group conversation of these people (the emulator names it after them). */
  const group = (...people: Person[]) =>
    `G${people
      .map((p) => p.userId)
      .sort()
      .join('')}`;

  /** Every approval message of a step posted in `channel` (oldest first), as each stands now. */
  function approvalsIn(channel: string, id: number, stepNo = 1): StoredMessage[] {
    return app.slack
      .callsTo('chat.postMessage')
      .filter(
        (call) =>
          !call.failed &&
          call.response.channel === channel &&
          buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${id}:${stepNo}`),
      )
      .map((call) => app.slack.messages(channel).find((m) => m.ts === call.response.ts))
      .filter((message): message is StoredMessage => message !== undefined);
  }

  const approvalIn = (channel: string, id: number, stepNo = 1) => approvalsIn(channel, id, stepNo)[0];
  const now = (message: StoredMessage) =>
    app.slack.messages(message.channel).find((m) => m.ts === message.ts)!;
  const shown = (message: StoredMessage | undefined) => replyText(message as { blocks?: unknown[] });
  const dmText = (who: Person) => app.slack.messages(`D${who.userId}`).map(shown).join('\n');
  const where = (message: StoredMessage) => ({ channelId: message.channel, messageTs: message.ts });
  const answers = () => app.slack.callsTo('response_url').map((call) => JSON.stringify(call.args));
  const threadOf = (message: StoredMessage) =>
    app.slack
      .messages(message.channel)
      .filter((m) => m.thread_ts === message.ts)
      .map((m) => m.text ?? '')
      .join('\n');

  async function stepOf(id: number, stepNo = 1) {
    const [step] = await app.db
      .select()
      .from(approvalSteps)
      .where(and(eq(approvalSteps.requestId, id), eq(approvalSteps.stepNo, stepNo)));
    return step!;
  }

  async function requestRow(id: number) {
    const [row] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    return row!;
  }

  return {
    group,
    approvalsIn,
    approvalIn,
    now,
    shown,
    dmText,
    where,
    answers,
    threadOf,
    stepOf,
    requestRow,
  };
}

/** The id of the request filed last. */
export async function latestRequestId(app: TestApp): Promise<number> {
  const rows = await app.db.select({ id: discountRequests.id }).from(discountRequests);
  return Math.max(...rows.map((row) => row.id));
}
