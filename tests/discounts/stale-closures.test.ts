import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalSteps, discountRequests } from '../../src/db/schema.ts';
import { approvalViews, latestRequestId } from '../support/approval-views.ts';
import { buttonsOf, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/**
 * A withdrawal and a filing that replaces a request also read first and lock after (a filing on its
 * hot path: read, then write under the locks). When a decision or another filing lands in between
 * (forced: tests/support/interleave.ts), they read again and start over, so every message is redrawn
 * from what holds now and no replaced request stays pending.
 */
describe('closing a request that changed between the read and the lock', () => {
  let app: TestApp;
  let v: ReturnType<typeof approvalViews>;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-12-07T02:00:00Z'));
  const customer = 'Closure Works';

  beforeAll(async () => {
    app = await startTestApp({ clock });
    v = approvalViews(app);
    team = await app.makeTeam();
    await app.makeCustomer({ name: customer, tier: 'A', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    app.slack.reset();
  });

  async function file(text: string) {
    await app.command(team.rep.userId, '/discount', `${customer} ${text}`);
    await app.settle();
    return latestRequestId(app);
  }

  it('a withdrawal redraws step 2 and tells its approver when step 1 was approved between', async () => {
    const id = await file('20% on 500000 reason:strategic flagship logo deal:W1');
    const first = v.approvalIn(v.group(team.rep, team.supervisor), id)!;
    const approved = app.interleave.before('discounts/withdraw-discount.ts', () =>
      app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, v.where(first)),
    );

    await app.click(team.rep.userId, 'approval.withdraw', String(id), v.where(first));
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as { private_metadata: string };
    await app.submit(team.rep.userId, 'withdraw_form', {}, { privateMetadata: view.private_metadata });
    await approved;
    await app.settle();

    const steps = await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, id));
    expect((await v.requestRow(id)).status).toBe('withdrawn');
    expect(steps.map((s) => s.status).sort()).toEqual(['approved', 'cancelled']);
    const second = v.approvalIn(v.group(team.rep, team.supervisor, team.director), id, 2)!;
    expect(buttonsOf(v.now(second).blocks)).toEqual([]);
    expect(v.shown(v.now(second))).toContain('Withdrawn by Riley Rep');
    expect(v.shown(v.now(first))).toContain('approved by Sam Supervisor');
    expect(v.shown(v.now(first))).toContain('Withdrawn by Riley Rep');
    expect(v.dmText(team.director)).toContain(`Riley Rep withdrew discount request #${id}`);
  });

  it('a filing replaces the request another filing put on the deal between; one request stays pending', async () => {
    const a = await file('11% reason:competitor a lower quote deal:F1');
    const filedBetween = app.interleave.beforeWrite(() =>
      app.command(team.rep.userId, '/discount', `${customer} 12% reason:competitor a lower quote deal:F1`),
    );

    const b = await file('13% reason:competitor a lower quote deal:F1');
    await filedBetween;
    await app.settle();

    const rows = await app.db
      .select()
      .from(discountRequests)
      .where(eq(discountRequests.dealRef, 'F1'))
      .orderBy(discountRequests.id);
    expect(rows.map((r) => [r.percent, r.status])).toEqual([
      [11, 'superseded'],
      [12, 'superseded'],
      [13, 'pending'],
    ]);
    const c = rows[1]!.id;
    expect(rows[0]!.supersededById).toBe(c);
    expect(rows[1]!.supersededById).toBe(b);
    expect(b).toBe(rows[2]!.id);
    const group = v.group(team.rep, team.supervisor);
    for (const [id, by] of [
      [a, c],
      [c, b],
    ] as const) {
      const message = v.now(v.approvalIn(group, id)!);
      expect(buttonsOf(message.blocks)).toEqual([]);
      expect(v.shown(message)).toContain(`Replaced by request #${by}`);
    }
    expect(v.dmText(team.supervisor)).toContain(`replaced discount request #${c} (12%`);
  });

  it('a filing redraws the replaced request where it is now when it moved to a delegate between', async () => {
    const pat = await app.makeMember({ role: 'supervisor', name: 'Pat Peer', managerId: team.director.id });
    const a = await file('11% reason:competitor a lower quote deal:F2');
    const moved = app.interleave.beforeWrite(() =>
      app.command(team.supervisor.userId, '/accountdesk', `away 2026-12-15 <@${pat.userId}|pat>`),
    );

    const b = await file('12% reason:competitor a lower quote deal:F2');
    await moved;
    await app.settle();

    expect(await v.requestRow(a)).toMatchObject({ status: 'superseded', supersededById: b });
    const withPat = v.now(v.approvalIn(v.group(team.rep, pat), a)!);
    expect(buttonsOf(withPat.blocks)).toEqual([]);
    expect(v.shown(withPat)).toContain(`Replaced by request #${b}`);
    expect(v.dmText(pat)).toContain(`replaced discount request #${a} (11%`);
  });
});
