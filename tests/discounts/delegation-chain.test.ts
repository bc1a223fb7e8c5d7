import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { members } from '../../src/db/schema.ts';
import { approvalViews, latestRequestId, type Person } from '../support/approval-views.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/**
 * Step 2 of a chain was given to a delegate at filing because its approver was away then. When step 1
 * is approved, who is on duty is worked out again from the original approver — who may be back, or
 * have named someone else meanwhile (README, "Away and delegates").
 */
describe('a later step follows its original approver’s away chain when it becomes pending', () => {
  let app: TestApp;
  let v: ReturnType<typeof approvalViews>;
  // Monday 2026-12-07, 10:00 in Shanghai (the test team's zone).
  const clock = new TestClock(new Date('2026-12-07T02:00:00Z'));
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

  /** rep → Sam Supervisor → Dana Director, with Pat Peer (under Dana) and Eve Exec beside them. */
  async function freshTeam() {
    const team = await app.makeTeam();
    const pat = await app.makeMember({ role: 'supervisor', name: 'Pat Peer', managerId: team.director.id });
    const eve = await app.makeMember({ role: 'director', name: 'Eve Exec' });
    const customer = `Chain Customer ${++customers}`;
    await app.makeCustomer({ name: customer, tier: 'A', ownerId: team.rep.id });
    return { ...team, pat, eve, customer };
  }

  const say = async (who: Person, text: string) =>
    replyText((await app.command(who.userId, '/accountdesk', text)).body);

  /** A two-step request filed while Dana is away with Eve as her delegate: step 2 is Eve's. */
  async function filedWhileDanaAway(t: Awaited<ReturnType<typeof freshTeam>>) {
    await say(t.director, `away 2026-12-15 <@${t.eve.userId}|eve>`);
    await app.command(
      t.rep.userId,
      '/discount',
      `${t.customer} 20% on 500000 reason:strategic flagship logo`,
    );
    await app.settle();
    const id = await latestRequestId(app);
    expect(await v.stepOf(id, 2)).toMatchObject({
      status: 'waiting',
      approverId: t.eve.id,
      onBehalfOfId: t.director.id,
    });
    return id;
  }

  async function approveStep1(t: Awaited<ReturnType<typeof freshTeam>>, id: number) {
    const first = v.approvalIn(v.group(t.rep, t.supervisor), id)!;
    await app.click(t.supervisor.userId, 'approval.approve', `${id}:1`, v.where(first));
    await app.settle();
  }

  it('goes back to the original approver once they are back; only they decide it, and reminders name them', async () => {
    const t = await freshTeam();
    const id = await filedWhileDanaAway(t);
    expect(await say(t.director, 'back')).toContain('Welcome back');

    await approveStep1(t, id);

    expect(await v.stepOf(id, 2)).toMatchObject({
      status: 'pending',
      approverId: t.director.id,
      onBehalfOfId: null,
    });
    expect(v.approvalIn(v.group(t.rep, t.supervisor, t.eve), id, 2)).toBeUndefined();
    const second = v.approvalIn(v.group(t.rep, t.supervisor, t.director), id, 2)!;
    expect(v.shown(second)).not.toContain('you decide in their place');
    expect(v.dmText(t.rep)).toContain('was approved by Sam Supervisor and now waits for Dana Director.');

    // Eve stood in only while Dana was away: her click decides nothing now.
    await app.click(t.eve.userId, 'approval.approve', `${id}:2`, v.where(second));
    await app.settle();
    expect(v.answers().join('\n')).toContain('Only Dana Director can decide this step. Nothing was changed.');

    // Four working hours later the reminder names Dana in her own thread.
    await app.tick('2026-12-07T06:30:00Z');
    expect(v.threadOf(second)).toContain(`<@${t.director.userId}>`);

    await app.click(t.director.userId, 'approval.approve', `${id}:2`, v.where(second));
    await app.settle();
    expect((await v.requestRow(id)).status).toBe('approved');
    expect(buttonsOf(v.now(second).blocks)).toEqual([]);
  });

  it('goes to the delegate the away approver names now, not the one named when it was filed', async () => {
    const t = await freshTeam();
    const id = await filedWhileDanaAway(t);
    expect(await say(t.director, `away 2026-12-15 <@${t.pat.userId}|pat>`)).toContain(
      'your approvals go to Pat Peer',
    );

    await approveStep1(t, id);

    expect(await v.stepOf(id, 2)).toMatchObject({
      status: 'pending',
      approverId: t.pat.id,
      onBehalfOfId: t.director.id,
    });
    const second = v.approvalIn(v.group(t.rep, t.supervisor, t.pat), id, 2)!;
    expect(v.shown(second)).toContain('For Dana Director, away until 2026-12-15: you decide in their place.');
    expect(v.approvalIn(v.group(t.rep, t.supervisor, t.eve), id, 2)).toBeUndefined();
  });

  it('stays with its holder when the original approver has left the team', async () => {
    const t = await freshTeam();
    const id = await filedWhileDanaAway(t);
    await app.db.update(members).set({ active: false }).where(eq(members.id, t.director.id));

    await approveStep1(t, id);

    expect(await v.stepOf(id, 2)).toMatchObject({ status: 'pending', approverId: t.eve.id });
    expect(v.approvalIn(v.group(t.rep, t.supervisor, t.eve), id, 2)).toBeDefined();
  });

  it('ends on a loop of away delegates in the data and leaves the step with its holder', async () => {
    const t = await freshTeam();
    const id = await filedWhileDanaAway(t);
    // Bad data the away command would refuse: Eve away too, naming Dana, who names Eve.
    await app.db
      .update(members)
      .set({ awayFrom: '2026-12-01', awayUntil: '2026-12-20', delegateId: t.director.id })
      .where(eq(members.id, t.eve.id));

    await approveStep1(t, id);

    expect(await v.stepOf(id, 2)).toMatchObject({
      status: 'pending',
      approverId: t.eve.id,
      onBehalfOfId: t.director.id,
    });
  });
});
