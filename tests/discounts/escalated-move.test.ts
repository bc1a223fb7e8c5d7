import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneOldRecords } from '../../src/app/retention.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { approvalViews, latestRequestId } from '../support/approval-views.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/**
 * A step that waited too long was escalated to the approver's manager; then the approver goes away
 * and the step moves to their delegate. The delegate gets the full time before anyone is asked over
 * their head, and the manager's copy says where the request went.
 */
describe('moving an escalated step to a delegate', () => {
  let app: TestApp;
  let v: ReturnType<typeof approvalViews>;
  // Monday 2026-12-07, 10:00 in Shanghai; working hours 09:00–18:00.
  const clock = new TestClock(new Date('2026-12-07T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    v = approvalViews(app);
  });
  afterAll(() => app?.stop());

  it('clears the escalation for the delegate, redraws the manager’s copy as moved, and escalates the delegate’s step afresh', async () => {
    const t = await app.makeTeam();
    const pat = await app.makeMember({ role: 'supervisor', name: 'Pat Peer', managerId: t.director.id });
    await app.makeCustomer({ name: 'Escalated Move Ltd', tier: 'A', ownerId: t.rep.id });
    await app.command(t.rep.userId, '/discount', 'Escalated Move Ltd 10% reason:competitor a lower quote');
    await app.settle();
    const id = await latestRequestId(app);

    await app.tick('2026-12-09T08:00:00Z'); // Wednesday 16:00: 24 working hours on Sam
    expect(await v.stepOf(id)).toMatchObject({ escalatedToId: t.director.id });
    const [copy] = v.approvalsIn(v.group(t.rep, t.director), id);
    expect(v.shown(copy)).toContain('Escalated to you');

    const away = await app.command(
      t.supervisor.userId,
      '/accountdesk',
      `away 2026-12-15 <@${pat.userId}|pat>`,
    );
    expect(replyText(away.body)).toContain('1 waiting approval was handed over.');
    await app.settle();

    expect(await v.stepOf(id)).toMatchObject({
      approverId: pat.id,
      onBehalfOfId: t.supervisor.id,
      escalatedToId: null,
      escalatedAt: null,
    });
    expect(buttonsOf(v.now(copy!).blocks)).toEqual([]);
    expect(v.shown(v.now(copy!))).toContain(
      'Moved to Pat Peer while Sam Supervisor is away until 2026-12-15',
    );
    // Dana was asked over Sam's head, not over Pat's: her old copy decides nothing now.
    await app.click(t.director.userId, 'approval.approve', `${id}:1`, v.where(copy!));
    await app.settle();
    expect(v.answers().join('\n')).toContain('Only Pat Peer can decide this step. Nothing was changed.');

    // Pat's own 24 working hours: Wednesday 16:00 to Monday 13:00. Then Dana (Pat's manager) is asked.
    await app.tick('2026-12-14T04:59:00Z');
    expect(await v.stepOf(id)).toMatchObject({ escalatedToId: null });
    await app.tick('2026-12-14T05:00:00Z');
    expect(await v.stepOf(id)).toMatchObject({ escalatedToId: t.director.id });
    const copies = v.approvalsIn(v.group(t.rep, t.director), id);
    expect(copies).toHaveLength(2);
    const fresh = copies[1]!;
    expect(v.shown(fresh)).toContain('Escalated to you');
    expect(buttonsOf(fresh.blocks).map((b) => b.text)).toContain('Approve');

    await app.click(t.director.userId, 'approval.approve', `${id}:1`, v.where(fresh));
    await app.settle();
    expect((await v.requestRow(id)).status).toBe('approved');
    const patMessage = v.approvalIn(v.group(t.rep, pat), id)!;
    for (const message of [fresh, patMessage]) {
      expect(buttonsOf(v.now(message).blocks)).toEqual([]);
      expect(v.shown(v.now(message))).toContain('approved by Dana Director');
    }
    expect(v.shown(v.now(copy!))).toContain('Moved to Pat Peer');

    // A month on, retention still keeps both escalation copies of a request decided lately.
    await app.db.execute(sql`update outbox set created_at = now() - interval '35 days',
      sent_at = now() - interval '35 days' where key like ${`approval:${id}:%`}`);
    await app.db.execute(
      sql`update discount_requests set decided_at = now() - interval '10 days' where id = ${id}`,
    );
    await pruneOldRecords(app.db, { outboxDays: 30, inboundDays: 7 });
    const kept = rowsOf<{ key: string }>(
      await app.db.execute(sql`select key from outbox where key like ${`approval:${id}:%`}`),
    ).map((row) => row.key);
    expect(kept).toContain(`approval:${id}:1:escalated`);
    expect(kept).toContainEqual(
      expect.stringMatching(new RegExp(`^approval:${id}:1:to:\\d+:\\d+:escalated$`)),
    );
    expect(kept).not.toContain(`approval:${id}:1:approved:rep`);
  });
});
