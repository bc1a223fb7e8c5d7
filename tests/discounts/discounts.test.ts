import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import { approvalSteps, auditLog, discountRequests, outbox } from '../../src/db/schema.ts';
import type { StoredMessage } from '../support/fake-slack.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { blockAction } from '../support/slack-requests.ts';

describe('discount requests and approvals over Slack', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Acme Corporation', tier: 'A', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    app.slack.reset();
  });

  /** The approval message posted for a request's step, as the approver sees it in Slack now. */
  function approvalMessage(requestId: number, stepNo = 1): StoredMessage {
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find(
        (call) =>
          !call.failed &&
          buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${requestId}:${stepNo}`),
      );
    if (!posted) throw new Error(`no approval message for ${requestId}:${stepNo}`);
    const channel = posted.response.channel as string;
    const message = app.slack.messages(channel).find((m) => m.ts === posted.response.ts);
    return message!;
  }

  async function latestRequestId(): Promise<number> {
    const rows = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    return Math.max(...rows.map((row) => row.id));
  }

  function threadReplies(message: StoredMessage): StoredMessage[] {
    return app.slack.messages(message.channel).filter((m) => m.thread_ts === message.ts);
  }

  function dmTexts(userId: string): string {
    return app.slack
      .messages(`D${userId}`)
      .map((m) => replyText(m as { text?: string; blocks?: unknown[] }))
      .join('\n');
  }

  it('auto-approves a small cut, records it and reports it to the manager', async () => {
    const reply = await app.command(
      team.rep.userId,
      '/discount',
      'Globex 4% on 10000 reason:volume ordering 500 seats deal:T1',
    );
    expect(replyText(reply.body)).toContain('Approved automatically: 4% for Globex is within the 5%');
    await app.settle();
    const id = await latestRequestId();
    const [request] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(request?.status).toBe('auto_approved');
    expect(dmTexts(team.supervisor.userId)).toContain('FYI: Riley Rep granted 4% to Globex');
  });

  it('routes a 10% cut to the manager, who approves it from the message', async () => {
    const reply = await app.command(
      team.rep.userId,
      '/discount',
      'Acme 10% on 120,000 reason:competitor Initech quoted 12% lower deal:T2',
    );
    const id = await latestRequestId();
    expect(replyText(reply.body)).toContain(
      `Discount request #${id} (10% for Acme Corporation) sent to Sam Supervisor`,
    );
    await app.settle();

    const message = approvalMessage(id);
    const shown = replyText(message as { blocks?: unknown[] });
    expect(shown).toContain('Riley Rep asks for your approval');
    expect(shown).toContain('120,000');
    expect(shown).toContain('108,000'); // resulting price
    expect(shown).toContain('Competitor quoted lower');
    expect(shown).toContain('Initech quoted 12% lower');
    expect(buttonsOf(message.blocks).map((b) => b.text)).toEqual([
      'Approve',
      'Reject',
      'Counter-offer…',
      'Withdraw',
    ]);
    // The approval lives in a conversation of the rep and the approver, so both share its thread.
    const opened = app.slack.callsTo('conversations.open').at(-1)!;
    expect(String(opened.args.users).split(',').sort()).toEqual(
      [team.rep.userId, team.supervisor.userId].sort(),
    );
    // The rep is told who has it, with a link to the message.
    expect(dmTexts(team.rep.userId)).toContain(`is waiting for Sam Supervisor`);
    expect(JSON.stringify(app.slack.messages(`D${team.rep.userId}`))).toContain(
      `https://test.slack.com/archives/${message.channel}/p`,
    );

    await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, {
      channelId: message.channel,
      messageTs: message.ts,
    });
    await app.settle();

    const updated = app.slack.messages(message.channel).find((m) => m.ts === message.ts)!;
    expect(buttonsOf(updated.blocks)).toEqual([]);
    expect(replyText(updated as { blocks?: unknown[] })).toMatch(
      /approved by Sam Supervisor on 2026-11-20 10:00/,
    );
    expect(replyText(threadReplies(message)[0] as { text?: string })).toContain(
      'Sam Supervisor approved this request.',
    );
    expect(dmTexts(team.rep.userId)).toContain(
      `Your discount request #${id} (10% for Acme Corporation) was approved by Sam Supervisor`,
    );
    const [request] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(request?.status).toBe('approved');
    const audit = await app.db.select().from(auditLog).where(eq(auditLog.entity, 'discount_request'));
    expect(audit.filter((row) => row.entityId === id).map((row) => row.action)).toEqual([
      'discount.requested',
      'discount.approved',
    ]);
  });

  it('rejects with a note: the note reaches the thread and the rep', async () => {
    await app.command(team.rep.userId, '/discount', 'Acme 12% reason:leverage they always ask deal:T3');
    const id = await latestRequestId();
    await app.settle();
    const message = approvalMessage(id);
    expect(replyText(message as { blocks?: unknown[] })).toContain('Price is rarely the cure');

    await app.click(team.supervisor.userId, 'approval.reject', `${id}:1`, {
      channelId: message.channel,
      messageTs: message.ts,
    });
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('reject_form');

    const submitted = await app.submit(
      team.supervisor.userId,
      'reject_form',
      { note: { note: { type: 'plain_text_input', value: 'Sell the service plan first' } } },
      { privateMetadata: view.private_metadata },
    );
    expect(submitted.status).toBe(200);
    await app.settle();

    const updated = app.slack.messages(message.channel).find((m) => m.ts === message.ts)!;
    expect(buttonsOf(updated.blocks)).toEqual([]);
    expect(replyText(updated as { blocks?: unknown[] })).toContain('rejected by Sam Supervisor');
    const thread = threadReplies(message)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toContain('Sam Supervisor rejected this request.');
    expect(thread).toContain('Note: Sell the service plan first');
    expect(dmTexts(team.rep.userId)).toContain('was rejected by Sam Supervisor');
    expect(dmTexts(team.rep.userId)).toContain('Sell the service plan first');
  });

  it('approves with a note from the menu beside the buttons', async () => {
    await app.command(team.rep.userId, '/discount', 'Acme 7% reason:volume annual prepayment deal:T4');
    const id = await latestRequestId();
    await app.settle();
    const message = approvalMessage(id);
    const menu = (
      message.blocks as {
        type: string;
        elements?: {
          type: string;
          action_id: string;
          options?: { value: string; text: { text: string } }[];
        }[];
      }[]
    )
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.type === 'overflow')!;
    expect(menu.options?.map((o) => o.text.text)).toEqual(['Approve with a note…']);
    const body = blockAction({
      userId: team.supervisor.userId,
      actionId: menu.action_id,
      actionType: 'overflow',
      selectedOption: menu.options![0]!.value,
      channelId: message.channel,
      messageTs: message.ts,
      responseUrl: app.slack.responseUrl('note-menu'),
    });
    expect((await app.post(body)).status).toBe(200);
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('approve_form');
    await app.submit(
      team.supervisor.userId,
      'approve_form',
      { note: { note: { type: 'plain_text_input', value: 'Only with the prepayment in writing' } } },
      { privateMetadata: view.private_metadata },
    );
    await app.settle();
    const [request] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(request?.status).toBe('approved');
    expect(
      threadReplies(message)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('Note: Only with the prepayment in writing');
  });

  it('runs a two-step chain: manager, then the manager’s manager', async () => {
    const reply = await app.command(
      team.rep.userId,
      '/discount',
      'Acme 20% on 50000 reason:strategic flagship logo deal:T5',
    );
    expect(replyText(reply.body)).toContain('It then goes to Dana Director');
    const id = await latestRequestId();
    await app.settle();
    const first = approvalMessage(id, 1);
    expect(replyText(first as { blocks?: unknown[] })).toContain('(step 1 of 2)');

    await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, {
      channelId: first.channel,
      messageTs: first.ts,
    });
    await app.settle();
    const second = approvalMessage(id, 2);
    expect(second.channel).not.toBe(first.channel);
    expect(replyText(second as { blocks?: unknown[] })).toContain('(step 2 of 2)');
    expect(dmTexts(team.rep.userId)).toContain(
      'was approved by Sam Supervisor and now waits for Dana Director',
    );
    let [request] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(request?.status).toBe('pending');

    // The first approver cannot decide the second step.
    await app.click(team.supervisor.userId, 'approval.approve', `${id}:2`, {
      channelId: second.channel,
      messageTs: second.ts,
    });
    await app.settle();
    expect(JSON.stringify(app.slack.callsTo('response_url').at(-1)!.args)).toContain(
      'Only Dana Director can decide this step',
    );

    await app.click(team.director.userId, 'approval.approve', `${id}:2`, {
      channelId: second.channel,
      messageTs: second.ts,
    });
    await app.settle();
    [request] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(request?.status).toBe('approved');
    expect(dmTexts(team.rep.userId)).toContain(
      `#${id} (20% for Acme Corporation) was approved by Dana Director`,
    );
  });

  it('ends a two-step chain when the first approver rejects', async () => {
    await app.command(team.rep.userId, '/discount', 'Acme 25% reason:budget cash is tight deal:T6');
    const id = await latestRequestId();
    await app.settle();
    const first = approvalMessage(id, 1);
    await app.click(team.supervisor.userId, 'approval.reject', `${id}:1`, {
      channelId: first.channel,
      messageTs: first.ts,
    });
    const opened = await app.slack.waitFor('views.open');
    await app.submit(
      team.supervisor.userId,
      'reject_form',
      {},
      {
        privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
      },
    );
    await app.settle();
    const steps = await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, id));
    expect(steps.map((s) => s.status).sort()).toEqual(['cancelled', 'rejected']);
    expect(() => approvalMessage(id, 2)).toThrow();
  });

  it('tells a non-approver and the requester they cannot decide, and changes nothing', async () => {
    await app.command(team.rep.userId, '/discount', 'Acme 8% reason:competitor matching a quote deal:T7');
    const id = await latestRequestId();
    await app.settle();
    const message = approvalMessage(id);
    const where = { channelId: message.channel, messageTs: message.ts };

    const byColleague = await app.click(team.other.userId, 'approval.approve', `${id}:1`, where);
    const byRequester = await app.click(team.rep.userId, 'approval.approve', `${id}:1`, where);
    const byDirector = await app.click(team.director.userId, 'approval.reject', `${id}:1`, where);
    await app.settle();
    const answer = (tag: string) =>
      JSON.stringify(app.slack.callsTo('response_url').find((c) => c.tag === tag)?.args);
    expect(answer(byColleague.tag)).toContain(
      'Only Sam Supervisor can decide this step. Nothing was changed.',
    );
    expect(answer(byRequester.tag)).toContain('You cannot decide on your own request');
    expect(answer(byDirector.tag)).toContain('Only Sam Supervisor can decide');
    expect(app.slack.callsTo('views.open')).toHaveLength(0);
    const [step] = await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, id));
    expect(step?.status).toBe('pending');
    expect(app.slack.callsTo('chat.update')).toHaveLength(0);
  });

  it('records one decision when the approver double-clicks at the same moment', async () => {
    await app.command(team.rep.userId, '/discount', 'Acme 9% reason:volume 3 more sites deal:T8');
    const id = await latestRequestId();
    await app.settle();
    const message = approvalMessage(id);
    const where = { channelId: message.channel, messageTs: message.ts };
    const clicks = await Promise.all([
      app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where),
      app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where),
      app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200]);
    await app.settle();
    const decisions = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'discount.approved'), eq(auditLog.entityId, id)));
    expect(decisions).toHaveLength(1);
    const updates = app.slack.callsTo('chat.update');
    expect(updates.filter((call) => call.args.ts === message.ts)).toHaveLength(1);
    // The only other update: the rep's "waiting" notice, which loses its Withdraw button.
    expect(updates.filter((call) => call.args.ts !== message.ts)).toHaveLength(1);
    const told = app.slack.callsTo('response_url').map((c) => JSON.stringify(c.args));
    expect(told).toHaveLength(2);
    for (const text of told) expect(text).toMatch(/Already approved by Sam Supervisor at 2026-11-20 10:00/);
  });

  it('lists pending approvals with their buttons, and a decision from the list works', async () => {
    await app.command(team.rep.userId, '/discount', 'Globex 11% reason:competitor price war deal:T9');
    const id = await latestRequestId();
    const list = await app.command(team.supervisor.userId, '/approvals', '');
    expect(replyText(list.body)).toContain(`Discount request #${id}: 11% for Globex`);
    const approve = buttonsOf(list.body.blocks).find((b) => b.value === `${id}:1` && b.text === 'Approve')!;
    const click = await app.click(team.supervisor.userId, approve.actionId, approve.value, {
      isEphemeral: true,
    });
    await app.settle();
    const answer = app.slack.callsTo('response_url').find((c) => c.tag === click.tag)!;
    expect(answer.args.replace_original).toBe(true);
    expect(JSON.stringify(answer.args)).toContain('approved by Sam Supervisor');
    const again = await app.command(team.supervisor.userId, '/approvals', '');
    expect(replyText(again.body)).not.toContain(`#${id}:`);
    const empty = await app.command(team.other.userId, '/approvals', '');
    expect(replyText(empty.body)).toContain('Nothing is waiting for your approval');
  });

  it('asks for the reason when the text has none, and the picked reason files the request', async () => {
    const reply = await app.command(
      team.rep.userId,
      '/discount',
      'Globex 7% on 9000 they want a better deal deal:T10',
    );
    expect(replyText(reply.body)).toContain('Why does Globex ask for 7%?');
    const buttons = buttonsOf(reply.body.blocks);
    expect(buttons.map((b) => b.text)).toContain('Customer does not see the value');
    const before = await latestRequestId();
    const value = buttons.find((b) => b.text === 'Customer does not see the value')!;
    await app.click(team.rep.userId, value.actionId, value.value, {
      isEphemeral: true,
      messageTs: '1800000001.000001',
    });
    await app.settle();
    const id = await latestRequestId();
    expect(id).toBe(before + 1);
    const [request] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(request).toMatchObject({
      reason: 'value',
      percent: 7,
      amount: 9000,
      justification: 'they want a better deal',
    });
  });

  it('refuses bad input with a clear private answer and stores nothing', async () => {
    const before = (await app.db.select().from(discountRequests)).length;
    const cases: [string, string][] = [
      ['Acme ten% reason:budget x', '“ten%” is not a percentage'],
      ['Acme 0% reason:budget x', '0% is out of range'],
      [
        'Acme 150% reason:budget x',
        "150% is out of range: a discount is more than 0% and at most 30%, the team's ceiling",
      ],
      ['Acme 200% reason:budget x', "at most 30%, the team's ceiling"],
      ['Acme 12.345% reason:budget x', 'is not a percentage'],
      ['Acme reason:budget please', 'Say how big the discount is'],
      ['Acme 10% on -5 reason:budget x', 'must be above zero'],
      ['Acme 10% on lots reason:budget x', '“lots” is not an amount'],
      ['Acme 10% on 99999999999999 reason:budget x', 'must be above zero and realistic'],
      ['Acme 10% reason:cheaper x', 'Unknown reason “cheaper”'],
      ['Acme 10% reason:budget', 'Add a justification'],
      ['Acme 35% reason:budget big one', "35% is over the team's discount ceiling of 30%"],
      ['Nobody Inc 10% reason:budget x', 'No customer of yours matches “Nobody Inc”'],
      [`Acme 10% reason:budget ${'y'.repeat(3100)}`, 'That is too long'],
      ['10% reason:budget no customer', 'Which customer?'],
    ];
    for (const [text, expected] of cases) {
      const reply = await app.command(team.rep.userId, '/discount', text);
      expect(reply.status, text).toBe(200);
      expect(replyText(reply.body), text).toContain(expected);
    }
    expect((await app.db.select().from(discountRequests)).length).toBe(before);
  });

  it('shows open requests on the customer card', async () => {
    await app.command(team.rep.userId, '/discount', 'Acme 6% reason:budget card check deal:T11');
    const id = await latestRequestId();
    const card = await app.command(team.rep.userId, '/customer', 'acme corp');
    const text = replyText(card.body);
    expect(text).toContain('Acme Corporation');
    expect(text).toContain(`2026-11-20 · 6% · pending, waiting for Sam Supervisor (#${id})`);
    expect(text).toContain('Riley Rep');
  });

  it('keeps requests while the Slack API is down and delivers them when it is back', async () => {
    app.slack.setDown(true);
    const reply = await app.command(
      team.rep.userId,
      '/discount',
      'Acme 10% reason:competitor outage test deal:T12',
    );
    expect(replyText(reply.body)).toContain('sent to Sam Supervisor');
    const id = await latestRequestId();
    // The worker tries (the conversation is known from earlier posts: the post itself), Slack
    // answers 503, the message stays queued.
    await app.slack.waitFor((c) => c.failed && c.method === 'chat.postMessage');
    const waiting = await app.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `approval:${id}:1`));
    expect(waiting[0]?.status).toBe('pending');
    expect(waiting[0]?.attempts).toBeGreaterThan(0);
    expect(app.slack.calls.some((c) => c.failed)).toBe(true);

    app.slack.setDown(false);
    await app.settle(10_000);
    const message = approvalMessage(id);
    expect(buttonsOf(message.blocks).map((b) => b.text)).toEqual([
      'Approve',
      'Reject',
      'Counter-offer…',
      'Withdraw',
    ]);
    expect(dmTexts(team.rep.userId)).toContain(`#${id}`);
  });

  it('waits as told by a 429 Retry-After and then delivers', async () => {
    app.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await app.command(team.rep.userId, '/discount', 'Acme 10% reason:competitor rate limit test deal:T13');
    const id = await latestRequestId();
    await app.settle(10_000);
    const posts = app.slack.callsTo('chat.postMessage');
    expect(posts[0]?.status).toBe(429);
    const retried = posts.find((c) => !c.failed)!;
    expect(retried.at - posts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(approvalMessage(id)).toBeDefined();
  });

  it('follows the team policy once an admin changes it', async () => {
    await updateSetting(app.db, 'discountPolicy.autoApproveMaxPercent', '3');
    try {
      const reply = await app.command(
        team.rep.userId,
        '/discount',
        'Globex 4% reason:volume policy change deal:T14',
      );
      expect(replyText(reply.body)).toContain('sent to Sam Supervisor');
      // Help reads the policy in force, not the defaults.
      const help = replyText((await app.command(team.rep.userId, '/discount', 'help')).body);
      expect(help).toContain('up to 3%: approved at once');
      expect(help).toContain('up to 15%: your manager decides');
      expect(help).toContain('above 30%: cannot be requested');
      expect(help).toContain('competitor — Competitor quoted lower');
      expect(help).toContain('Example: /discount Acme 10%');
      const general = replyText((await app.command(team.rep.userId, '/accountdesk', 'help')).body);
      expect(general).toContain('AccountDesk commands:');
      expect(general).toContain('up to 3%: approved at once');
      expect(general).toContain('strategic — Strategic logo');
    } finally {
      await updateSetting(app.db, 'discountPolicy.autoApproveMaxPercent', '5');
    }
  });
});
