import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalViews, latestRequestId, type Person } from '../support/approval-views.ts';
import { buttonsOf, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/**
 * A decision reads the request, then takes its lock. Whatever lands in between — an escalation, a
 * move to a delegate, another decision, a withdrawal — must not leave a message drawn from the step
 * as it was: the decision reads again and starts over, or says what happened. The interleaving is
 * forced (tests/support/interleave.ts), not hoped for.
 */
describe('a decision when the request changed between its read and its lock', () => {
  let app: TestApp;
  let v: ReturnType<typeof approvalViews>;
  // Monday 2026-12-07, 10:00 in Shanghai; working hours 09:00–18:00.
  const clock = new TestClock(new Date('2026-12-07T02:00:00Z'));
  const DECIDE = 'discounts/decide-approval.ts';
  let customers = 0;

  beforeAll(async () => {
    app = await startTestApp({ clock });
    v = approvalViews(app);
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    clock.set('2026-12-07T02:00:00Z');
    await app.settle();
    app.slack.reset();
  });

  /** rep → Sam Supervisor → Dana Director, Pat Peer under Dana; one 10% request waiting on Sam. */
  async function waitingOnSam() {
    const team = await app.makeTeam();
    const pat = await app.makeMember({ role: 'supervisor', name: 'Pat Peer', managerId: team.director.id });
    const customer = `Stale Customer ${++customers}`;
    await app.makeCustomer({ name: customer, tier: 'A', ownerId: team.rep.id });
    await app.command(team.rep.userId, '/discount', `${customer} 10% reason:competitor a lower quote`);
    await app.settle();
    const id = await latestRequestId(app);
    return { ...team, pat, id, message: v.approvalIn(v.group(team.rep, team.supervisor), id)! };
  }

  /** Wednesday 16:00: Sam has had the request for 24 working hours, so Dana gets a copy. */
  async function escalatedToDana(t: Awaited<ReturnType<typeof waitingOnSam>>) {
    await app.tick('2026-12-09T08:00:00Z');
    expect(await v.stepOf(t.id)).toMatchObject({ escalatedToId: t.director.id });
    return v.approvalIn(v.group(t.rep, t.director), t.id)!;
  }

  const approve = async (who: Person, id: number, message: Parameters<typeof v.where>[0]) => {
    await app.click(who.userId, 'approval.approve', `${id}:1`, v.where(message));
  };

  it('starts over when an escalation came between: the manager’s copy shows the decision too', async () => {
    const t = await waitingOnSam();
    clock.set('2026-12-09T08:00:00Z');
    const escalated = app.interleave.before(DECIDE, () => app.service.scheduler.tick());

    await approve(t.supervisor, t.id, t.message);
    await escalated;
    await app.settle();

    expect(await v.stepOf(t.id)).toMatchObject({
      status: 'approved',
      decidedById: t.supervisor.id,
      escalatedToId: t.director.id,
    });
    const copy = v.approvalIn(v.group(t.rep, t.director), t.id)!;
    for (const message of [t.message, copy]) {
      expect(buttonsOf(v.now(message).blocks)).toEqual([]);
      expect(v.shown(v.now(message))).toContain('approved by Sam Supervisor');
    }
  });

  it('says who decides now when the step moved to a delegate between; no message is drawn as decided', async () => {
    const t = await waitingOnSam();
    const copy = await escalatedToDana(t);
    const moved = app.interleave.before(DECIDE, () =>
      app.command(t.supervisor.userId, '/accountdesk', `away 2026-12-15 <@${t.pat.userId}|pat>`),
    );

    await approve(t.director, t.id, copy);
    await moved;
    await app.settle();

    expect(v.answers().join('\n')).toContain('Only Pat Peer can decide this step. Nothing was changed.');
    expect(await v.stepOf(t.id)).toMatchObject({ status: 'pending', approverId: t.pat.id });
    for (const message of [t.message, copy]) {
      expect(v.shown(v.now(message))).toContain('Moved to Pat Peer');
      expect(v.shown(v.now(message))).not.toContain('approved by');
    }
    const patMessage = v.approvalIn(v.group(t.rep, t.pat), t.id)!;
    expect(buttonsOf(v.now(patMessage).blocks).map((b) => b.text)).toContain('Approve');
  });

  it('says who decided when another decision came between', async () => {
    const t = await waitingOnSam();
    const copy = await escalatedToDana(t);
    const decided = app.interleave.before(DECIDE, () => approve(t.director, t.id, copy));

    await approve(t.supervisor, t.id, t.message);
    await decided;
    await app.settle();

    expect(v.answers().join('\n')).toContain('Already approved by Dana Director');
    expect(await v.stepOf(t.id)).toMatchObject({ status: 'approved', decidedById: t.director.id });
    for (const message of [t.message, copy]) {
      expect(v.shown(v.now(message))).toContain('approved by Dana Director');
    }
  });

  it('says the request was withdrawn when a withdrawal came between', async () => {
    const t = await waitingOnSam();
    const withdrawn = app.interleave.before(DECIDE, async () => {
      await app.click(t.rep.userId, 'approval.withdraw', String(t.id), v.where(t.message));
      const opened = await app.slack.waitFor('views.open');
      const view = opened.args.view as { private_metadata: string };
      await app.submit(t.rep.userId, 'withdraw_form', {}, { privateMetadata: view.private_metadata });
    });

    await approve(t.supervisor, t.id, t.message);
    await withdrawn;
    await app.settle();

    expect(v.answers().join('\n')).toContain(`Request #${t.id} was withdrawn by Riley Rep`);
    expect((await v.requestRow(t.id)).status).toBe('withdrawn');
    expect(v.shown(v.now(t.message))).toContain('Withdrawn by Riley Rep');
    expect(v.shown(v.now(t.message))).not.toContain('approved by');
  });
});
