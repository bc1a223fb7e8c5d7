import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import { discountRequests } from '../../src/db/schema.ts';
import type { StoredMessage } from '../support/fake-slack.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/** Context across a two-step chain: the director sees step 1; everyone learns how it ended. */
describe('an approval chain, start to end', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z'));
  let deals = 0;

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Acme Corporation', tier: 'A', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    app.slack.reset();
  });

  async function request(text: string): Promise<number> {
    await app.command(team.rep.userId, '/discount', `${text} deal:C${++deals}`);
    await app.settle();
    const rows = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    return Math.max(...rows.map((row) => row.id));
  }

  function approvalMessage(id: number, stepNo: number): StoredMessage {
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) => buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${id}:${stepNo}`));
    if (!posted) throw new Error(`no approval message for ${id}:${stepNo}`);
    return app.slack.messages(posted.response.channel as string).find((m) => m.ts === posted.response.ts)!;
  }

  const shown = (message: StoredMessage | undefined) => replyText(message as { blocks?: unknown[] });
  const dmText = (userId: string) => app.slack.messages(`D${userId}`).map(shown).join('\n');
  const where = (message: StoredMessage) => ({ channelId: message.channel, messageTs: message.ts });

  async function approveWithNote(userId: string, id: number, stepNo: number, note: string) {
    const message = approvalMessage(id, stepNo);
    const menu = (message.blocks as { type: string; elements?: { type: string; action_id: string }[] }[])
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.type === 'overflow')!;
    expect(menu.action_id).toBe('approval.note');
    // "Approve with a note…" opens a modal (tests/discounts/discounts.test.ts); its submission decides.
    await app.submit(
      userId,
      'approve_form',
      { note: { note: { type: 'plain_text_input', value: note } } },
      { privateMetadata: JSON.stringify({ step: `${id}:${stepNo}` }) },
    );
    await app.settle();
  }

  it('shows step 1 to the director, then the final outcome to the supervisor, and tells the rep what to quote', async () => {
    const id = await request('Acme 20% on 500000 reason:strategic flagship logo');
    const first = approvalMessage(id, 1);
    await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where(first));
    await app.settle();
    const second = approvalMessage(id, 2);
    const secondText = shown(second);
    expect(secondText).toContain('Step 1: approved by Sam Supervisor on 2026-11-20 10:00.');
    expect(secondText).toContain("Step 1's discussion");
    // The director's conversation holds the rep, the supervisor who decided step 1 and the director.
    const opened = app.slack.callsTo('conversations.open').at(-1)!;
    expect(String(opened.args.users).split(',').sort()).toEqual(
      [team.rep.userId, team.supervisor.userId, team.director.userId].sort(),
    );

    await app.click(team.director.userId, 'approval.approve', `${id}:2`, where(second));
    await app.settle();
    const firstNow = app.slack.messages(first.channel).find((m) => m.ts === first.ts)!;
    expect(shown(firstNow)).toContain('approved by Sam Supervisor on 2026-11-20 10:00');
    expect(shown(firstNow)).toContain('🏁 Final: approved by Dana Director on 2026-11-20 10:00');
    expect(dmText(team.supervisor.userId)).toContain(
      `Discount request #${id} (20% for Acme Corporation), which you approved at step 1, was finally approved by Dana Director.`,
    );
    expect(dmText(team.rep.userId)).toContain(
      'The approval chain is complete: you may quote 20% off — CNY 400,000 instead of CNY 500,000 (CNY 100,000 off).',
    );
  });

  it('carries the step 1 note to the director, and tells the supervisor of a rejection at step 2', async () => {
    const id = await request('Acme 25% on 80000 reason:budget cash is tight');
    await approveWithNote(team.supervisor.userId, id, 1, 'Fine by me if they sign for three years');
    const second = shown(approvalMessage(id, 2));
    expect(second).toContain('Their note: Fine by me if they sign for three years');

    const message = approvalMessage(id, 2);
    await app.click(team.director.userId, 'approval.reject', `${id}:2`, where(message));
    const opened = await app.slack.waitFor('views.open');
    await app.submit(
      team.director.userId,
      'reject_form',
      {},
      {
        privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
      },
    );
    await app.settle();
    expect(dmText(team.supervisor.userId)).toContain(
      `Discount request #${id} (25% for Acme Corporation), which you approved at step 1, was rejected by Dana Director.`,
    );
    expect(dmText(team.rep.userId)).toContain(
      'The approval chain is complete: no discount may be quoted on this request.',
    );
  });

  it('quotes in the team’s currency, and without an amount says the cut alone', async () => {
    await updateSetting(app.db, 'currency', 'USD');
    const withAmount = await request('Acme 10% on 2000 reason:volume two sites');
    await app.click(
      team.supervisor.userId,
      'approval.approve',
      `${withAmount}:1`,
      where(approvalMessage(withAmount, 1)),
    );
    const without = await request('Acme 12% reason:volume three sites');
    await app.click(
      team.supervisor.userId,
      'approval.approve',
      `${without}:1`,
      where(approvalMessage(without, 1)),
    );
    await app.settle();
    const told = dmText(team.rep.userId);
    expect(told).toContain('you may quote 10% off — USD 1,800 instead of USD 2,000 (USD 200 off).');
    expect(told).toContain('you may quote 12% off.');
    await updateSetting(app.db, 'currency', 'CNY');
  });
});

describe('the end of a chain in Chinese', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(new Date('2026-11-20T02:00:00Z')) });
  });
  afterAll(() => app?.stop());

  it('tells the rep what they may quote', async () => {
    const team = await app.makeTeam('zh-CN');
    await app.makeCustomer({ name: '北京天成科技', ownerId: team.rep.id });
    await app.command(
      team.rep.userId,
      '/discount',
      '北京天成科技 10% on 50000 reason:competitor 对手报价更低',
    );
    await app.settle();
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) =>
        buttonsOf(call.args.blocks as unknown[]).some((b) => b.actionId === 'approval.approve'),
      )!;
    const value = buttonsOf(posted.args.blocks as unknown[]).find(
      (b) => b.actionId === 'approval.approve',
    )!.value;
    await app.click(team.supervisor.userId, 'approval.approve', value, {
      channelId: posted.response.channel as string,
      messageTs: posted.response.ts as string,
    });
    await app.settle();
    const told = app.slack
      .messages(`D${team.rep.userId}`)
      .map((m) => replyText(m as { blocks?: unknown[] }))
      .join('\n');
    expect(told).toContain('审批已全部完成：你可以报价 10% 折扣，即 ¥45,000（原价 ¥50,000，让利 ¥5,000）。');
  });
});
