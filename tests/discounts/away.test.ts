import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { goAway } from '../../src/app/discounts/away-commands.ts';
import { moveAwayApprovals } from '../../src/app/discounts/delegate-steps.ts';
import { memberById } from '../../src/app/members/members.ts';
import { approvalSteps, auditLog, discountRequests, members } from '../../src/db/schema.ts';
import type { StoredMessage } from '../support/fake-slack.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

type Person = Awaited<ReturnType<TestApp['makeMember']>>;

/**
 * A supervisor on leave: `/accountdesk away <until> [@delegate]` hands their discount approvals to
 * the delegate (else their manager) until `/accountdesk back` (README, "Away and delegates").
 */
describe('approvals while the approver is away, over Slack', () => {
  let app: TestApp;
  // Monday 2026-12-07, 10:00 in Shanghai (the test team's zone).
  const clock = new TestClock(new Date('2026-12-07T02:00:00Z'));
  let customers = 0;

  beforeAll(async () => {
    app = await startTestApp({ clock });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    clock.set('2026-12-07T02:00:00Z');
    await app.settle();
    app.slack.reset();
  });

  /** rep → Sam Supervisor → Dana Director, with Pat Peer (another supervisor) and Eve Exec beside them. */
  async function freshTeam() {
    const team = await app.makeTeam();
    const pat = await app.makeMember({ role: 'supervisor', name: 'Pat Peer', managerId: team.director.id });
    const eve = await app.makeMember({ role: 'director', name: 'Eve Exec' });
    const customer = `Away Customer ${++customers}`;
    await app.makeCustomer({ name: customer, tier: 'A', ownerId: team.rep.id });
    return { ...team, pat, eve, customer };
  }

  let deals = 0;
  async function request(rep: Person, text: string) {
    // Each its own deal: a second request on one deal would replace the first (deals.test.ts).
    const reply = await app.command(rep.userId, '/discount', `${text} deal:A${++deals}`);
    await app.settle();
    const rows = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    return { id: Math.max(...rows.map((row) => row.id)), reply: replyText(reply.body) };
  }

  const away = async (who: Person, text: string) =>
    replyText((await app.command(who.userId, '/accountdesk', text)).body);

  /** The group conversation of these people (the emulator names it after them). */
  const group = (...people: Person[]) =>
    `G${people
      .map((p) => p.userId)
      .sort()
      .join('')}`;

  /** The approval message of a step posted in `channel`, as it stands now. */
  function approvalIn(channel: string, id: number, stepNo = 1): StoredMessage | undefined {
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find(
        (call) =>
          !call.failed &&
          call.response.channel === channel &&
          buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${id}:${stepNo}`),
      );
    return posted && app.slack.messages(channel).find((m) => m.ts === posted.response.ts);
  }

  const now = (message: StoredMessage) =>
    app.slack.messages(message.channel).find((m) => m.ts === message.ts)!;
  const shown = (message: StoredMessage | undefined) => replyText(message as { blocks?: unknown[] });
  const dmText = (who: Person) => app.slack.messages(`D${who.userId}`).map(shown).join('\n');
  const where = (message: StoredMessage) => ({ channelId: message.channel, messageTs: message.ts });
  const answers = () => app.slack.callsTo('response_url').map((call) => JSON.stringify(call.args));

  async function stepOf(id: number, stepNo = 1) {
    const [step] = await app.db
      .select()
      .from(approvalSteps)
      .where(and(eq(approvalSteps.requestId, id), eq(approvalSteps.stepNo, stepNo)));
    return step!;
  }

  const auditOf = (entity: 'approval_step' | 'discount_request', entityId: number) =>
    app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)));

  it('hands a waiting request to the named delegate: the old message says where it went, the delegate decides, the rep is told', async () => {
    const t = await freshTeam();
    const { id } = await request(t.rep, `${t.customer} 10% on 100000 reason:competitor a lower quote`);
    const old = approvalIn(group(t.rep, t.supervisor), id)!;
    expect(buttonsOf(old.blocks).map((b) => b.text)).toEqual([
      'Approve',
      'Reject',
      'Counter-offer…',
      'Withdraw',
    ]);

    expect(await away(t.supervisor, `away 2026-12-15 <@${t.pat.userId}|pat>`)).toBe(
      'You are away from 2026-12-07 until 2026-12-15; your approvals go to Pat Peer. 1 waiting approval was handed over.',
    );
    await app.settle();

    expect(buttonsOf(now(old).blocks)).toEqual([]);
    expect(shown(now(old))).toContain('Moved to Pat Peer while Sam Supervisor is away until 2026-12-15');
    const fresh = approvalIn(group(t.rep, t.pat), id)!;
    expect(shown(fresh)).toContain('For Sam Supervisor, away until 2026-12-15: you decide in their place.');
    expect(buttonsOf(fresh.blocks).map((b) => b.text)).toEqual([
      'Approve',
      'Reject',
      'Counter-offer…',
      'Withdraw',
    ]);
    expect(dmText(t.rep)).toContain(
      `Your request #${id} (10% for ${t.customer}) is now with Pat Peer: Sam Supervisor is away until 2026-12-15.`,
    );
    expect(dmText(t.pat)).toContain(
      'Sam Supervisor is away from 2026-12-07 until 2026-12-15: you decide their discount approvals meanwhile.',
    );

    // Sam's old button decides nothing now; Pat's does.
    await app.click(t.supervisor.userId, 'approval.approve', `${id}:1`, where(old));
    await app.settle();
    expect(answers().join('\n')).toContain('Only Pat Peer can decide this step. Nothing was changed.');
    await app.click(t.pat.userId, 'approval.approve', `${id}:1`, where(fresh));
    await app.settle();
    expect(shown(now(fresh))).toContain('approved by Pat Peer on 2026-12-07 10:00');
    expect(shown(now(fresh))).toContain('For Sam Supervisor');
    expect(shown(now(old))).toContain('Moved to Pat Peer');
    expect(dmText(t.rep)).toContain(
      `Your discount request #${id} (10% for ${t.customer}) was approved by Pat Peer.`,
    );

    expect(await stepOf(id)).toMatchObject({
      status: 'approved',
      approverId: t.pat.id,
      onBehalfOfId: t.supervisor.id,
      decidedById: t.pat.id,
    });
    const step = await stepOf(id);
    const audit = await auditOf('approval_step', step.id);
    expect(audit.map((entry) => entry.action)).toEqual(['approval.delegated', 'approval.approved']);
    expect(audit[0]).toMatchObject({
      before: { approverId: t.supervisor.id },
      after: { approverId: t.pat.id, onBehalfOfId: t.supervisor.id, awayUntil: '2026-12-15' },
    });
    const [record] = await app.db.select().from(members).where(eq(members.id, t.supervisor.id));
    expect(record).toMatchObject({ awayFrom: '2026-12-07', awayUntil: '2026-12-15', delegateId: t.pat.id });
  });

  it('files a request to the delegate while the approver is away, and to the approver again once back', async () => {
    const t = await freshTeam();
    await away(t.supervisor, `away 2026-12-15 <@${t.pat.userId}>`); // Slack's newer form: no name
    const during = await request(t.rep, `${t.customer} 10% reason:competitor a lower quote`);
    expect(during.reply).toContain(
      `Discount request #${during.id} (10% for ${t.customer}) sent to Pat Peer for approval. Sam Supervisor is away until 2026-12-15, so Pat Peer decides in their place.`,
    );
    expect(shown(approvalIn(group(t.rep, t.pat), during.id))).toContain(
      'For Sam Supervisor, away until 2026-12-15',
    );
    expect(dmText(t.rep)).toContain(
      `Your request #${during.id} (10% for ${t.customer}) is waiting for Pat Peer.`,
    );
    expect(await stepOf(during.id)).toMatchObject({ approverId: t.pat.id, onBehalfOfId: t.supervisor.id });
    const [filed] = await auditOf('discount_request', during.id);
    expect(filed?.after).toMatchObject({ approvers: [t.pat.id], onBehalfOf: [t.supervisor.id] });

    expect(await away(t.supervisor, 'back')).toBe(
      'Welcome back: new approvals come to you again. Those already handed over stay with your delegate.',
    );
    const after = await request(t.rep, `${t.customer} 11% reason:competitor a lower quote`);
    expect(after.reply).toContain(
      `Discount request #${after.id} (11% for ${t.customer}) sent to Sam Supervisor for approval.`,
    );
    expect(after.reply).not.toContain('away');
    expect(await stepOf(after.id)).toMatchObject({ approverId: t.supervisor.id, onBehalfOfId: null });
    expect(await stepOf(during.id)).toMatchObject({ approverId: t.pat.id, status: 'pending' });
    expect(await away(t.supervisor, 'back')).toBe('You were not marked away; nothing changed.');
  });

  it('goes to the manager when no delegate is named; /accountdesk alone is still help', async () => {
    const t = await freshTeam();
    expect(await away(t.supervisor, 'away 2026-12-15')).toBe(
      'You are away from 2026-12-07 until 2026-12-15; your approvals go to Dana Director.',
    );
    const { reply } = await request(t.rep, `${t.customer} 10% reason:volume two more sites`);
    expect(reply).toContain('sent to Dana Director for approval. Sam Supervisor is away until 2026-12-15');
    for (const text of ['', 'help', 'what']) {
      const help = await away(t.rep, text);
      expect(help).toContain('AccountDesk commands:');
      expect(help).toContain('/accountdesk away YYYY-MM-DD [@delegate]');
      expect(help).toContain('/accountdesk back');
    }
  });

  it('passes approvals along a chain of away delegates', async () => {
    const t = await freshTeam();
    expect(await away(t.director, `away 2026-12-20 <@${t.eve.userId}|eve>`)).toBe(
      'You are away from 2026-12-07 until 2026-12-20; your approvals go to Eve Exec.',
    );
    expect(await away(t.supervisor, 'away 2026-12-15')).toBe(
      'You are away from 2026-12-07 until 2026-12-15; your approvals go to Eve Exec (passed on by Dana Director, away too).',
    );
    const { id } = await request(t.rep, `${t.customer} 10% reason:volume two more sites`);
    expect(await stepOf(id)).toMatchObject({ approverId: t.eve.id, onBehalfOfId: t.supervisor.id });
    expect(shown(approvalIn(group(t.rep, t.eve), id))).toContain('For Sam Supervisor, away until 2026-12-15');
  });

  it('never gives a request to the rep who asked: their named delegate is passed over for the manager', async () => {
    const t = await freshTeam();
    await away(t.supervisor, `away 2026-12-15 <@${t.rep.userId}|riley>`);
    const { id, reply } = await request(t.rep, `${t.customer} 10% reason:volume two more sites`);
    expect(reply).toContain('sent to Dana Director for approval.');
    expect(await stepOf(id)).toMatchObject({ approverId: t.director.id, onBehalfOfId: t.supervisor.id });
    // Another rep's request goes to the named delegate as set.
    await app.makeCustomer({ name: `${t.customer} Two`, ownerId: t.other.id });
    const second = await request(t.other, `${t.customer} Two 10% reason:volume two more sites`);
    expect(second.reply).toContain('sent to Riley Rep for approval.');
  });

  it('refuses a loop, a chain that ends with nobody, oneself as delegate, and unclear input', async () => {
    const t = await freshTeam();
    expect(await away(t.director, `away 2026-12-20 <@${t.supervisor.userId}|sam>`)).toBe(
      'You are away from 2026-12-07 until 2026-12-20; your approvals go to Sam Supervisor.',
    );
    const loop =
      'That makes a loop on 2026-12-07: Sam Supervisor → Dana Director → Sam Supervisor. Approvals would go round without reaching anyone: name another delegate.';
    expect(await away(t.supervisor, `away 2026-12-15 <@${t.director.userId}|dana>`)).toBe(loop);
    expect(await away(t.supervisor, 'away 2026-12-15')).toBe(loop); // the manager is Dana too
    expect(await away(t.supervisor, `away 2026-12-15 <@${t.supervisor.userId}|sam>`)).toBe(
      'A delegate must be someone other than Sam Supervisor: name someone else, or name nobody and their manager decides.',
    );
    const [sam] = await app.db.select().from(members).where(eq(members.id, t.supervisor.id));
    expect(sam).toMatchObject({ awayFrom: null, awayUntil: null, delegateId: null });

    await away(t.director, 'back');
    expect(await away(t.director, 'away 2026-12-20')).toBe(
      'On 2026-12-07 nobody would decide in Dana Director’s place: Dana Director is away and has no delegate or manager to pass approvals on to. Name a delegate who is in.',
    );
    expect(await away(t.supervisor, 'away <@UNOBODY42|nobody> 2026-12-15')).toBe(
      'The person you named is not set up in AccountDesk: name a member of your team.',
    );
    expect(await away(t.supervisor, 'away next week')).toContain('Say until when you are away');
    expect(await away(t.supervisor, 'away @dana 2026-12-15')).toContain('Say until when you are away');
    expect(await away(t.supervisor, 'away 2026-12-32')).toBe(
      '“2026-12-32” is not a date: use YYYY-MM-DD, e.g. 2026-12-15.',
    );
    expect(await away(t.supervisor, 'away 2026-12-06')).toBe(
      '2026-12-06 is already past (today is 2026-12-07): an away period ends today or later.',
    );
  });

  it('gives step 2 to the delegate of its approver if they are away the day it becomes pending', async () => {
    const t = await freshTeam();
    const { id } = await request(t.rep, `${t.customer} 20% on 500000 reason:strategic flagship logo`);
    expect(await away(t.director, `away 2026-12-15 <@${t.eve.userId}|eve>`)).toBe(
      'You are away from 2026-12-07 until 2026-12-15; your approvals go to Eve Exec.',
    );
    const first = approvalIn(group(t.rep, t.supervisor), id)!;
    await app.click(t.supervisor.userId, 'approval.approve', `${id}:1`, where(first));
    await app.settle();

    expect(approvalIn(group(t.rep, t.supervisor, t.director), id, 2)).toBeUndefined();
    // Step 2's conversation holds the rep, the supervisor who approved step 1 and the delegate.
    const second = approvalIn(group(t.rep, t.supervisor, t.eve), id, 2)!;
    expect(shown(second)).toContain('For Dana Director, away until 2026-12-15: you decide in their place.');
    expect(dmText(t.rep)).toContain('was approved by Sam Supervisor and now waits for Eve Exec.');
    const thread = app.slack.messages(first.channel).filter((m) => m.thread_ts === first.ts);
    expect(thread.map((m) => m.text).join('\n')).toContain('Step 1 approved; it now goes to Eve Exec.');
    expect(await stepOf(id, 2)).toMatchObject({
      status: 'pending',
      approverId: t.eve.id,
      onBehalfOfId: t.director.id,
    });
    const forwarded = (await auditOf('discount_request', id)).find((a) => a.action === 'discount.forwarded');
    expect(forwarded?.after).toMatchObject({ approverId: t.eve.id, onBehalfOfId: t.director.id });

    await app.click(t.eve.userId, 'approval.approve', `${id}:2`, where(second));
    await app.settle();
    const [row] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(row?.status).toBe('approved');
  });

  it('moves nothing before a later away period begins; that day’s tick moves it once and the reminder clock restarts', async () => {
    const t = await freshTeam();
    const { id } = await request(t.rep, `${t.customer} 10% reason:volume two more sites`);
    const sam = (await memberById(app.service.deps, t.supervisor.id))!;
    const went = await goAway(app.service.deps, { member: sam, from: '2026-12-09', until: '2026-12-11' });
    expect(went).toMatchObject({ ok: true, value: { from: '2026-12-09', moved: 0, started: false } });

    await app.tick('2026-12-08T02:00:00Z'); // Tuesday: Sam is still in
    expect(await stepOf(id)).toMatchObject({ approverId: t.supervisor.id, onBehalfOfId: null });

    // Wednesday 09:00 in Shanghai: two instances tick at once; the step moves once.
    const at = new Date('2026-12-09T01:00:00Z');
    clock.set(at);
    const [, moved] = await Promise.all([
      app.service.scheduler.tick(),
      moveAwayApprovals(app.service.deps, at),
    ]);
    await app.tick('2026-12-09T01:01:00Z');
    expect(moved).toBeLessThanOrEqual(1);
    const step = await stepOf(id);
    expect(step).toMatchObject({
      approverId: t.director.id,
      onBehalfOfId: t.supervisor.id,
      remindedAt: null,
    });
    expect(step.pendingSince).toEqual(at);
    const delegated = (await auditOf('approval_step', step.id)).filter(
      (a) => a.action === 'approval.delegated',
    );
    expect(delegated).toHaveLength(1);
    const posted = app.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.response.channel === group(t.rep, t.director));
    expect(posted).toHaveLength(1);
    expect(dmText(t.rep)).toContain(`is now with Dana Director: Sam Supervisor is away until 2026-12-11.`);

    // The reminder follows the delegate, counted from the move: 4 working hours later, in Dana's thread.
    await app.tick('2026-12-09T05:30:00Z');
    const fresh = approvalIn(group(t.rep, t.director), id)!;
    const thread = app.slack.messages(fresh.channel).filter((m) => m.thread_ts === fresh.ts);
    expect(thread.map((m) => m.text).join('\n')).toContain(`<@${t.director.userId}>`);
  });
});
