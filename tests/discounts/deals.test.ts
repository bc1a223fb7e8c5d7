import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import { auditLog, discountRequests } from '../../src/db/schema.ts';
import type { StoredMessage } from '../support/fake-slack.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/** Deals: a re-request replaces the waiting one, the same cut is approved again, a rejection is remembered. */
describe('discount requests on a deal', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z'));
  let customerSeq = 0;

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    app.slack.reset();
  });

  /** A fresh customer per test, so one test's approvals and limits never reach another's. */
  async function customer(): Promise<string> {
    const name = `Deal Customer ${String.fromCharCode(65 + customerSeq++)}`;
    await app.makeCustomer({ name, tier: 'B', ownerId: team.rep.id });
    return `"${name}"`;
  }

  async function file(text: string) {
    const reply = await app.command(team.rep.userId, '/discount', text);
    await app.settle();
    const rows = await app.db.select().from(discountRequests);
    const latest = rows.sort((a, b) => b.id - a.id)[0]!;
    return { answer: replyText(reply.body), id: latest.id };
  }

  async function row(id: number) {
    const [found] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    return found!;
  }

  function approvalMessage(id: number): StoredMessage {
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) => buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${id}:1`));
    if (!posted) throw new Error(`no approval message for ${id}`);
    return app.slack.messages(posted.response.channel as string).find((m) => m.ts === posted.response.ts)!;
  }

  const shown = (message: StoredMessage | undefined) => replyText(message as { blocks?: unknown[] });
  const dmText = (userId: string) => app.slack.messages(`D${userId}`).map(shown).join('\n');

  async function decide(id: number, decision: 'approve' | 'reject', note?: string) {
    const message = approvalMessage(id);
    const where = { channelId: message.channel, messageTs: message.ts };
    if (decision === 'approve') {
      await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where);
    } else {
      await app.click(team.supervisor.userId, 'approval.reject', `${id}:1`, where);
      const opened = await app.slack.waitFor('views.open');
      const view = opened.args.view as { private_metadata: string };
      await app.submit(
        team.supervisor.userId,
        'reject_form',
        note ? { note: { note: { type: 'plain_text_input', value: note } } } : {},
        { privateMetadata: view.private_metadata },
      );
    }
    await app.settle();
  }

  it('replaces the deal’s request still waiting: its message updated, the approver told', async () => {
    const name = await customer();
    const first = await file(`${name} 12% deal:Q-114 reason:competitor their quote is lower`);
    const firstMessage = approvalMessage(first.id);
    const second = await file(`${name} 10% deal:q-114 reason:competitor we can meet them at 10`);
    expect(second.answer).toContain(`It replaces #${first.id}, still waiting until now.`);

    const old = app.slack.messages(firstMessage.channel).find((m) => m.ts === firstMessage.ts)!;
    expect(buttonsOf(old.blocks)).toEqual([]);
    expect(shown(old)).toContain(`Replaced by request #${second.id} on 2026-11-20 10:00`);
    expect(dmText(team.supervisor.userId)).toContain(
      `Riley Rep replaced discount request #${first.id} (12% for Deal Customer A) with #${second.id} (10%)`,
    );
    expect(await row(first.id)).toMatchObject({ status: 'superseded', supersededById: second.id });
    expect((await row(second.id)).status).toBe('pending');
    expect(shown(approvalMessage(second.id))).toContain('*Deal*\nq-114');
    expect(shown(approvalMessage(second.id))).toContain('12% (replaced by a newer request)');
    const audit = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'discount_request'), eq(auditLog.entityId, first.id)));
    expect(audit.map((entry) => entry.action)).toEqual(['discount.requested', 'discount.superseded']);

    // A click on the replaced request's old buttons changes nothing and says where it went.
    await app.click(team.supervisor.userId, 'approval.approve', `${first.id}:1`, {
      channelId: firstMessage.channel,
      messageTs: firstMessage.ts,
    });
    await app.settle();
    expect(JSON.stringify(app.slack.callsTo('response_url').map((c) => c.args))).toContain(
      `Request #${first.id} was replaced by request #${second.id} at 2026-11-20 10:00. Nothing was changed.`,
    );
    expect((await row(first.id)).status).toBe('superseded');
  });

  it('keeps other deals of the customer apart, and an approved request approved', async () => {
    const name = await customer();
    const approved = await file(`${name} 9% deal:A-1 reason:volume first site`);
    await decide(approved.id, 'approve');
    const other = await file(`${name} 11% deal:B-2 reason:volume second site`);
    expect(other.answer).not.toContain('replaces');
    const again = await file(`${name} 14% deal:A-1 reason:volume bigger first site`);
    expect(again.answer).toContain('sent to Sam Supervisor');
    expect((await row(approved.id)).status).toBe('approved');
    expect((await row(other.id)).status).toBe('pending');
  });

  it('approves the same cut again at once, citing the earlier approval, and reports it', async () => {
    const name = await customer();
    const first = await file(`${name} 10% on 200000 deal:R-7 reason:competitor matching their quote`);
    await decide(first.id, 'approve');
    const again = await file(`${name} 8% on 200000 deal:R-7 reason:competitor the same deal, re-quoted`);
    expect(again.answer).toBe(
      `Approved automatically: 8% for Deal Customer C is within the 10% approved by Sam Supervisor for this deal on 2026-11-20 (request #${first.id}). That is CNY 16,000 off CNY 200,000: CNY 184,000. Recorded and reported to Sam Supervisor.`,
    );
    expect(await row(again.id)).toMatchObject({
      status: 'auto_approved',
      autoBasis: 'reapproval',
      grantedPercent: 8,
    });
    expect(dmText(team.supervisor.userId)).toContain(
      `FYI: Riley Rep got 8% for Deal Customer C again: the same deal had 10% approved by Sam Supervisor on 2026-11-20 (request #${first.id}).`,
    );
    // More than was approved: a person decides.
    const more = await file(`${name} 12% on 200000 deal:R-7 reason:competitor they want more`);
    expect(more.answer).toContain('sent to Sam Supervisor');
    // Without a reference, only the same amount is the same deal again: no amount is no re-approval.
    const byAmount = await file(`${name} 9% on 300000 reason:volume third site`);
    await decide(byAmount.id, 'approve');
    const noAmount = await file(`${name} 9% reason:volume whatever deal`);
    expect(noAmount.answer).toContain('sent to Sam Supervisor');
    const sameAmount = await file(`${name} 9% on 300000 reason:volume third site again`);
    expect(sameAmount.answer).toContain('Approved automatically: 9% for Deal Customer C');
    // A re-approval is the same cut again: it does not use up the automatic approvals.
    const small1 = await file(`${name} 3% deal:S-1 reason:volume small add-on`);
    const small2 = await file(`${name} 3% deal:S-2 reason:volume another add-on`);
    expect((await row(small1.id)).status).toBe('auto_approved');
    expect((await row(small2.id)).status).toBe('auto_approved');
  });

  it('turns re-approval off at 0 days, and forgets approvals older than the window', async () => {
    const name = await customer();
    const first = await file(`${name} 10% deal:W-1 reason:volume first order`);
    await decide(first.id, 'approve');
    await updateSetting(app.db, 'discountPolicy.reapprovalWithinDays', '0');
    const off = await file(`${name} 10% deal:W-1 reason:volume same again`);
    expect(off.answer).toContain('sent to Sam Supervisor');
    await updateSetting(app.db, 'discountPolicy.reapprovalWithinDays', '30');
    await decide(off.id, 'approve');
    clock.set('2026-12-25T02:00:00Z'); // 35 days later
    const late = await file(`${name} 10% deal:W-1 reason:volume next year`);
    expect(late.answer).toContain('sent to Sam Supervisor');
    clock.set('2026-11-20T02:00:00Z');
  });

  it('never approves automatically after a rejection: the next ask goes to who rejected, with the rejection shown', async () => {
    const name = await customer();
    const rejected = await file(`${name} 8% on 250000 reason:leverage they always push`);
    await decide(rejected.id, 'reject', 'Hold the price: they are bluffing');
    // The rep tries 5% three times in a minute (each within the automatic band).
    const tries = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      tries.push(await file(`${name} 5% on 250000 reason:leverage try ${attempt}`));
    }
    expect(tries[0]!.answer).toContain(`sent to Sam Supervisor`);
    expect(tries[0]!.answer).toContain(
      `Request #${rejected.id} on this deal (8%) was rejected by Sam Supervisor on 2026-11-20, so this one is decided by a person, not automatically.`,
    );
    const statuses = await Promise.all(tries.map(async (t) => (await row(t.id)).status));
    expect(statuses).toEqual(['superseded', 'superseded', 'pending']);
    const message = shown(approvalMessage(tries[2]!.id));
    expect(message).toContain(
      `⛔ Earlier on this deal: request #${rejected.id} (8%) was rejected by Sam Supervisor on 2026-11-20.`,
    );
    expect(message).toContain('Note: Hold the price: they are bluffing');
    // After the memory runs out, the automatic band applies again.
    clock.set('2026-12-25T02:00:00Z');
    const later = await file(`${name} 4% on 250000 reason:volume new year order`);
    expect((await row(later.id)).status).toBe('auto_approved');
    clock.set('2026-11-20T02:00:00Z');
  });

  it('limits automatic approvals per rep and customer; past the limit the manager decides and is told why', async () => {
    const name = await customer();
    const first = await file(`${name} 3% deal:L-1 reason:volume add-on one`);
    const second = await file(`${name} 4% deal:L-2 reason:volume add-on two`);
    const third = await file(`${name} 2% deal:L-3 reason:volume add-on three`);
    expect((await row(first.id)).status).toBe('auto_approved');
    expect((await row(second.id)).status).toBe('auto_approved');
    expect((await row(third.id)).status).toBe('pending');
    expect(third.answer).toContain(
      'You already had 2 automatic approvals for Deal Customer F in the last 30 days (the limit is 2), so Sam Supervisor decides this one.',
    );
    expect(shown(approvalMessage(third.id))).toContain(
      'Why you decide: Riley Rep already had 2 automatic approvals for Deal Customer F in the last 30 days (limit 2).',
    );
  });

  it('takes two requests filed at the same moment one after the other: the limit holds', async () => {
    const name = await customer();
    await file(`${name} 3% deal:P-1 reason:volume one`);
    await Promise.all([
      app.command(team.rep.userId, '/discount', `${name} 3% deal:P-2 reason:volume two`),
      app.command(team.rep.userId, '/discount', `${name} 3% deal:P-3 reason:volume three`),
    ]);
    await app.settle();
    const rows = (await app.db.select().from(discountRequests)).filter((r) => r.dealRef?.startsWith('P-'));
    expect(rows.filter((r) => r.status === 'auto_approved')).toHaveLength(2);
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(1);
  });

  it('refuses a deal reference with a space or over 60 characters, and stores nothing', async () => {
    const name = await customer();
    const before = (await app.db.select().from(discountRequests)).length;
    const reply = await app.command(
      team.rep.userId,
      '/discount',
      `${name} 3% deal:${'x'.repeat(61)} reason:volume y`,
    );
    expect(replyText(reply.body)).toContain('is not a deal reference: use a short label without spaces');
    expect((await app.db.select().from(discountRequests)).length).toBe(before);
  });
});

describe('deal rules in Chinese', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(new Date('2026-11-20T02:00:00Z')) });
  });
  afterAll(() => app?.stop());

  it('tells the rep why a person decides, in their language', async () => {
    const team = await app.makeTeam('zh-CN');
    await app.makeCustomer({ name: '北京天成科技', ownerId: team.rep.id });
    for (const text of ['3% deal:一号', '4% deal:二号']) {
      await app.command(team.rep.userId, '/discount', `北京天成科技 ${text} reason:volume 加购`);
    }
    const third = await app.command(
      team.rep.userId,
      '/discount',
      '北京天成科技 2% deal:三号 reason:volume 加购',
    );
    expect(replyText(third.body)).toContain(
      '近 30 天你在北京天成科技已有 2 次自动批准（上限 2 次），因此本次由 Sam Supervisor 审批。',
    );
    // Chinese sentences follow each other without a space.
    expect(replyText(third.body)).toContain('审批。近 30 天');
  });
});
