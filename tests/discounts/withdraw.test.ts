import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalSteps, auditLog, discountRequests } from '../../src/db/schema.ts';
import type { StoredMessage } from '../support/fake-slack.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/** A rep takes a discount request back: from the approval message, their notice or `/discount withdraw`. */
describe('withdrawing a discount request over Slack', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  let admin: Awaited<ReturnType<TestApp['makeMember']>>;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    admin = await app.makeMember({ role: 'admin', name: 'Ada Admin' });
    await app.makeCustomer({ name: 'Acme Corporation', tier: 'A', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Withdraw Holdings', tier: 'C', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    app.slack.reset();
  });

  let deals = 0;
  async function request(text: string): Promise<number> {
    // Each its own deal: requests on one deal would replace each other (see deals.test.ts).
    await app.command(team.rep.userId, '/discount', `${text} deal:W${++deals}`);
    await app.settle();
    const rows = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    return Math.max(...rows.map((row) => row.id));
  }

  /** The approval message of a step as it stands in Slack now (after any updates). */
  function approvalMessage(id: number, stepNo = 1): StoredMessage {
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) => buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${id}:${stepNo}`));
    if (!posted) throw new Error(`no approval message for ${id}:${stepNo}`);
    const channel = posted.response.channel as string;
    return app.slack.messages(channel).find((m) => m.ts === posted.response.ts)!;
  }

  const shown = (message: StoredMessage | undefined) => replyText(message as { blocks?: unknown[] });
  const dm = (userId: string) => app.slack.messages(`D${userId}`);
  const dmText = (userId: string) => dm(userId).map(shown).join('\n');
  const answers = () => app.slack.callsTo('response_url').map((call) => JSON.stringify(call.args));
  const where = (message: StoredMessage) => ({ channelId: message.channel, messageTs: message.ts });

  /** Clicks Withdraw and submits its form with an optional reason, as the member would. */
  async function withdrawVia(userId: string, id: number, message: StoredMessage, reason?: string) {
    await app.click(userId, 'approval.withdraw', String(id), where(message));
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('withdraw_form');
    return app.submit(
      userId,
      'withdraw_form',
      reason ? { note: { note: { type: 'plain_text_input', value: reason } } } : {},
      { privateMetadata: view.private_metadata },
    );
  }

  async function statusOf(id: number) {
    const [row] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    const steps = await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, id));
    return { status: row?.status, steps: steps.map((s) => s.status) };
  }

  it('lets the rep withdraw from the approval message: updated in place, said in the thread, the approver told', async () => {
    const id = await request('Acme 10% on 100000 reason:competitor Initech is cheaper');
    const message = approvalMessage(id);
    expect(buttonsOf(message.blocks).map((b) => b.text)).toContain('Withdraw');
    // The rep's own notice carries the button too.
    const notice = dm(team.rep.userId).find((m) => shown(m).includes('is waiting for Sam Supervisor'))!;
    expect(buttonsOf(notice.blocks).map((b) => b.text)).toEqual(['Withdraw']);

    const submitted = await withdrawVia(team.rep.userId, id, message, 'They signed at list price');
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({});
    await app.settle();

    const updated = approvalMessage(id);
    expect(buttonsOf(updated.blocks)).toEqual([]);
    expect(shown(updated)).toContain('Withdrawn by Riley Rep on 2026-11-20 10:00');
    expect(shown(updated)).toContain('Reason: They signed at list price');
    const thread = app.slack.messages(message.channel).filter((m) => m.thread_ts === message.ts);
    expect(thread.map((m) => m.text).join('\n')).toContain(
      'Riley Rep withdrew this request.\nReason: They signed at list price',
    );
    expect(dmText(team.supervisor.userId)).toContain(
      `Riley Rep withdrew discount request #${id} (10% for Acme Corporation): there is nothing left to decide.`,
    );
    const noticeNow = dm(team.rep.userId).find((m) => m.ts === notice.ts)!;
    expect(buttonsOf(noticeNow.blocks)).toEqual([]);
    expect(shown(noticeNow)).toContain('Withdrawn by Riley Rep on 2026-11-20 10:00');

    expect(await statusOf(id)).toEqual({ status: 'withdrawn', steps: ['cancelled'] });
    const [row] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(row?.closedNote).toBe('They signed at list price');
    const audit = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'discount_request'), eq(auditLog.entityId, id)));
    expect(audit.map((entry) => entry.action)).toEqual(['discount.requested', 'discount.withdrawn']);
    // The customer card keeps it in the discount history, with who took it back.
    const card = await app.command(team.rep.userId, '/customer', 'Acme');
    expect(replyText(card.body)).toContain('10% on CNY 100,000 · withdrawn by Riley Rep');

    // The old buttons change nothing and say why.
    app.slack.reset();
    await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where(message));
    await app.settle();
    expect(answers().join('\n')).toContain(
      `Request #${id} was withdrawn by Riley Rep at 2026-11-20 10:00. Nothing was changed.`,
    );
    expect(app.slack.callsTo('chat.update')).toHaveLength(0);
    expect(await statusOf(id)).toEqual({ status: 'withdrawn', steps: ['cancelled'] });
  });

  it('refuses anyone but the requester or an admin, and opens no form', async () => {
    const id = await request('Acme 8% reason:volume two more sites');
    const message = approvalMessage(id);
    for (const someone of [team.supervisor, team.other]) {
      await app.click(someone.userId, 'approval.withdraw', String(id), where(message));
    }
    await app.settle();
    expect(app.slack.callsTo('views.open')).toHaveLength(0);
    const told = answers();
    expect(told).toHaveLength(2);
    for (const text of told) {
      expect(text).toContain(`Only Riley Rep, who asked, or an admin can withdraw request #${id}.`);
    }
    expect(await statusOf(id)).toEqual({ status: 'pending', steps: ['pending'] });

    // An admin may (a rep who left, a request filed by mistake).
    const byAdmin = await withdrawVia(admin.userId, id, message);
    expect(byAdmin.status).toBe(200);
    await app.settle();
    expect(await statusOf(id)).toEqual({ status: 'withdrawn', steps: ['cancelled'] });
    expect(shown(approvalMessage(id))).toContain('Withdrawn by Ada Admin');
  });

  it('cannot withdraw a decided request, and says who decided', async () => {
    const id = await request('Acme 9% reason:volume three more sites');
    const message = approvalMessage(id);
    await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where(message));
    await app.settle();
    const notice = dm(team.rep.userId).find((m) => shown(m).includes(`request #${id} (9%`))!;
    // The notice loses its button once the chain ends; an old copy of the button still answers clearly.
    expect(buttonsOf(notice.blocks)).toEqual([]);
    expect(shown(notice)).toContain('approved by Sam Supervisor on 2026-11-20 10:00');
    app.slack.reset();
    await app.click(team.rep.userId, 'approval.withdraw', String(id), where(message));
    await app.settle();
    expect(app.slack.callsTo('views.open')).toHaveLength(0);
    expect(answers().join('\n')).toContain(
      `Request #${id} was already approved by Sam Supervisor at 2026-11-20 10:00; it can no longer be withdrawn.`,
    );
    expect(await statusOf(id)).toEqual({ status: 'approved', steps: ['approved'] });
  });

  it('after step 1 approved, updates both approvers’ messages and tells both', async () => {
    const id = await request('Acme 20% on 500000 reason:strategic flagship logo');
    await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where(approvalMessage(id)));
    await app.settle();
    const second = approvalMessage(id, 2);
    await withdrawVia(team.rep.userId, id, second, 'Budget frozen until Q2');
    await app.settle();

    const first = shown(approvalMessage(id, 1));
    expect(first).toContain('approved by Sam Supervisor on 2026-11-20 10:00');
    expect(first).toContain('Withdrawn by Riley Rep on 2026-11-20 10:00');
    expect(buttonsOf(approvalMessage(id, 2).blocks)).toEqual([]);
    expect(shown(approvalMessage(id, 2))).toContain('Reason: Budget frozen until Q2');
    for (const approver of [team.supervisor, team.director]) {
      expect(dmText(approver.userId)).toContain(`Riley Rep withdrew discount request #${id}`);
    }
    expect(await statusOf(id)).toEqual({ status: 'withdrawn', steps: ['approved', 'cancelled'] });
  });

  it('lists the rep’s open requests on /discount withdraw; withdrawing from the list redraws it', async () => {
    const none = await app.command(team.other.userId, '/discount', 'withdraw');
    expect(replyText(none.body)).toContain('You have no request waiting for a decision');

    const first = await request('Acme 11% reason:competitor lower quote');
    const second = await request('Acme 12% reason:budget cut this year');
    const list = await app.command(team.rep.userId, '/discount', 'withdraw');
    const text = replyText(list.body);
    expect(text).toContain(
      `#${first} · 11% for Acme Corporation · with Sam Supervisor since 2026-11-20 10:00`,
    );
    expect(text).toContain(`#${second} · 12% for Acme Corporation`);
    expect(buttonsOf(list.body.blocks).map((b) => b.value)).toEqual(
      expect.arrayContaining([String(first), String(second)]),
    );

    await app.click(team.rep.userId, 'approval.withdraw', String(first), { isEphemeral: true });
    const opened = await app.slack.waitFor('views.open');
    const metadata = (opened.args.view as { private_metadata: string }).private_metadata;
    await app.submit(team.rep.userId, 'withdraw_form', {}, { privateMetadata: metadata });
    await app.settle();
    const redrawn = app.slack.callsTo('response_url').at(-1)!;
    expect(redrawn.args.replace_original).toBe(true);
    const after = replyText(redrawn.args as { blocks?: unknown[] });
    expect(after).toContain(
      `Request #${first} (11% for Acme Corporation) is withdrawn; told: Sam Supervisor.`,
    );
    expect(after).toContain(`#${second} · 12% for Acme Corporation`);
    expect(after).not.toContain(`#${first} · 11%`);
  });

  it('reads "withdraw" as a subcommand only as the bare first word: a quoted name is a customer', async () => {
    const reply = await app.command(
      team.rep.userId,
      '/discount',
      '"Withdraw Holdings" 3% reason:volume 40 seats deal:T3',
    );
    expect(replyText(reply.body)).toContain('Approved automatically: 3% for Withdraw Holdings');
  });

  it('keeps the form open with the error when the reason is too long, and changes nothing', async () => {
    const id = await request('Acme 10% reason:value they doubt the ROI');
    await app.click(team.rep.userId, 'approval.withdraw', String(id), where(approvalMessage(id)));
    const opened = await app.slack.waitFor('views.open');
    const metadata = (opened.args.view as { private_metadata: string }).private_metadata;
    const submitted = await app.submit(
      team.rep.userId,
      'withdraw_form',
      { note: { note: { type: 'plain_text_input', value: 'x'.repeat(2001) } } },
      { privateMetadata: metadata },
    );
    expect(submitted.body).toMatchObject({
      response_action: 'errors',
      errors: { note: 'The note is too long: keep it under 2000 characters.' },
    });
    expect(await statusOf(id)).toEqual({ status: 'pending', steps: ['pending'] });
  });

  it('gives one outcome when a withdrawal races an approval', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await request(`Acme 10% reason:volume race ${round}`);
      const message = approvalMessage(id);
      await app.click(team.rep.userId, 'approval.withdraw', String(id), where(message));
      const opened = await app.slack.waitFor('views.open');
      const metadata = (opened.args.view as { private_metadata: string }).private_metadata;
      app.slack.reset();
      await Promise.all([
        app.submit(team.rep.userId, 'withdraw_form', {}, { privateMetadata: metadata }),
        app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where(message)),
      ]);
      await app.settle();
      const { status, steps } = await statusOf(id);
      expect([
        ['withdrawn', 'cancelled'],
        ['approved', 'approved'],
      ]).toContainEqual([status, steps[0]]);
      const audit = await app.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'discount_request'), eq(auditLog.entityId, id)));
      expect(audit.map((entry) => entry.action).filter((a) => a !== 'discount.requested')).toHaveLength(1);
      // The message is updated once, to the outcome that won: never "approved" and "withdrawn" both.
      const updates = app.slack.callsTo('chat.update').filter((call) => call.args.ts === message.ts);
      expect(updates).toHaveLength(1);
      const final = replyText(updates[0]!.args as { blocks?: unknown[] });
      expect(final).toContain(
        status === 'withdrawn' ? 'Withdrawn by Riley Rep' : 'approved by Sam Supervisor',
      );
      expect(final).not.toContain(status === 'withdrawn' ? 'approved by' : 'Withdrawn by');
    }
  });
});

describe('withdrawing in Chinese', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(new Date('2026-11-20T02:00:00Z')) });
    team = await app.makeTeam('zh-CN');
    await app.makeCustomer({ name: '北京天成科技', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  it('says it in the members’ language', async () => {
    await app.command(
      team.rep.userId,
      '/discount',
      '北京天成科技 10% reason:competitor 对手报价更低 deal:T4',
    );
    await app.settle();
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) => JSON.stringify(call.args).includes('撤回'))!;
    const channel = posted.response.channel as string;
    const ts = posted.response.ts as string;
    const id = Number(/#(\d+)/.exec(JSON.stringify(posted.args))![1]);
    await app.click(team.rep.userId, 'approval.withdraw', String(id), { channelId: channel, messageTs: ts });
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as { private_metadata: string; title: { text: string } };
    expect(view.title.text).toBe('撤回申请');
    await app.submit(
      team.rep.userId,
      'withdraw_form',
      { note: { note: { type: 'plain_text_input', value: '客户已按原价签约' } } },
      { privateMetadata: view.private_metadata },
    );
    await app.settle();
    const message = app.slack.messages(channel).find((m) => m.ts === ts)!;
    expect(replyText(message as { blocks?: unknown[] })).toContain('Riley Rep 于 2026-11-20 10:00 撤回');
    const thread = app.slack.messages(channel).filter((m) => m.thread_ts === ts);
    expect(thread.map((m) => m.text).join('\n')).toContain(
      'Riley Rep 撤回了此申请。\n原因：客户已按原价签约',
    );
    const told = app.slack.messages(`D${team.supervisor.userId}`).map((m) => m.text);
    expect(told.join('\n')).toContain(`Riley Rep 撤回了折扣申请 #${id}`);
  });
});
