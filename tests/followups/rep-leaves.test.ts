import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { leaveTeam } from '../../src/app/members/leave-team.ts';
import { asMember } from '../../src/app/members/members.ts';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import {
  approvalSteps,
  auditLog,
  contacts,
  customers,
  discountRequests,
  members,
} from '../../src/db/schema.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

type Row = Awaited<ReturnType<TestApp['makeMember']>>;

/** 离司业务员客户100%回访: a rep leaves, and every customer of theirs is called back by someone. */
describe('a rep leaving the team', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  let mei: Row;
  // Monday 23 Nov 2026, 10:00 in Shanghai (the team's zone).
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    mei = await app.makeMember({
      role: 'rep',
      name: 'Mei Zhang',
      managerId: team.supervisor.id,
      timezone: 'Europe/Berlin',
    });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
  });

  const member = async (id: number) => {
    const [row] = await app.db.select().from(members).where(eq(members.id, id));
    return asMember(row!, app.service.deps.defaults);
  };
  const leave = async (leaver: Row, ...to: Row[]) =>
    leaveTeam(app.service.deps, await member(leaver.id), await Promise.all(to.map((m) => member(m.id))));
  const dmText = (userId: string) =>
    app.slack
      .messages(`D${userId}`)
      .map((m) => replyText(m as { blocks?: unknown[] }))
      .join('\n');
  const book = async (ownerId: number) =>
    (await app.db.select().from(customers).where(eq(customers.ownerId, ownerId))).sort((a, b) =>
      a.name.localeCompare(b.name),
    );

  it('hands every customer to the manager with call-backs spread from the next working day, withdraws the open requests, and refuses the leaver from then on', async () => {
    const riley = await app.makeMember({ role: 'rep', name: 'Rita Leaving', managerId: team.supervisor.id });
    const names = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'];
    for (const [i, name] of names.entries()) {
      await app.makeCustomer({ name: `${name} Ltd`, tier: 'ABCD'[i % 4] as 'A', ownerId: riley.id });
    }
    const [alpha] = await app.db.select().from(customers).where(eq(customers.name, 'Alpha Ltd'));
    await app.db.insert(contacts).values({ customerId: alpha!.id, name: 'Jane Buyer', title: 'CFO' });
    await app.command(riley.userId, '/discount', 'Alpha 10% on 100000 reason:competitor a lower quote');
    await app.settle();
    const [request] = await app.db
      .select()
      .from(discountRequests)
      .where(eq(discountRequests.requesterId, riley.id));
    expect(request?.status).toBe('pending');

    const result = await leave(riley);
    await app.settle();
    expect(result.ok && result.value).toMatchObject({ left: true, withdrawn: 1, moved: 0 });

    // All seven with Sam now: five due tomorrow, two the day after (handover.callbacksPerDay 5).
    const taken = await book(team.supervisor.id);
    expect(taken.map((c) => c.name)).toEqual(names.map((n) => `${n} Ltd`));
    const dues = taken.map((c) => c.callbackDueOn).sort();
    expect(dues).toEqual([...Array(5).fill('2026-11-24'), ...Array(2).fill('2026-11-25')]);
    expect(taken.every((c) => c.nextFollowUpOn === c.callbackDueOn && c.assignedOn === '2026-11-23')).toBe(
      true,
    );
    const [jane] = await app.db.select().from(contacts).where(eq(contacts.name, 'Jane Buyer'));
    expect(jane?.customerId).toBe(alpha!.id);
    const told = dmText(team.supervisor.userId);
    expect(told).toContain('Rita Leaving has left the team. 7 of their customers are now yours');
    expect(told).toContain('• Alpha Ltd (A) — call back by 2026-11-24');
    expect(told).toContain('• Golf Ltd (C) — call back by 2026-11-25');
    // The open request is withdrawn in their name, with the reason, and Sam is told.
    const [closed] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, request!.id));
    expect(closed).toMatchObject({ status: 'withdrawn', closedNote: 'Rita Leaving left the team.' });
    expect(told).toContain(`Rita Leaving withdrew discount request #${request!.id}`);

    // The leaver's commands store nothing and say why.
    const answer = await app.command(riley.userId, '/visit', 'Alpha met the CFO');
    expect(replyText(answer.body)).toContain(
      'You are no longer an active member of this team in AccountDesk',
    );

    // Twice: nothing changes the second time.
    const before = app.slack.callsTo('chat.postMessage').length;
    const again = await leave(riley);
    await app.settle();
    expect(again.ok && again.value).toMatchObject({ left: false, withdrawn: 0, moved: 0, handed: [] });
    expect(app.slack.callsTo('chat.postMessage')).toHaveLength(before);
    expect((await book(team.supervisor.id)).map((c) => c.callbackDueOn)).toEqual(
      taken.map((c) => c.callbackDueOn),
    );
    const audit = await app.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'member'), eq(auditLog.entityId, riley.id)));
    expect(audit.map((a) => a.action)).toEqual(['member.left']);
  });

  it("counts the call-backs in the supervisor's digest until all are done", async () => {
    await app.tick('2026-11-24T00:30:00Z'); // Tuesday 08:30
    const digest = () =>
      app.slack
        .messages(`D${team.supervisor.userId}`)
        .map((m) => replyText(m as { blocks?: unknown[] }))
        .filter((text) => text.includes('Team digest'))
        .at(-1) ?? '';
    expect(digest()).toContain('Hand-over call-backs: 0 of 7 done');
    expect(digest()).toContain('Sam Supervisor: 0 of 7');
    await app.command(team.supervisor.userId, '/visit', 'Alpha called back, all fine');
    await app.tick('2026-11-25T00:30:00Z');
    expect(digest()).toContain('Hand-over call-backs: 1 of 7 done');
  });

  it('splits a book between two new owners, a fair share of every tier each, call-backs spread in each owner’s own zone', async () => {
    await updateSetting(app.db, 'handover.callbacksPerDay', '2');
    // Tuesday 04:00 in Shanghai, still Monday 21:00 in Berlin.
    clock.set('2026-11-23T20:00:00Z');
    try {
      const pat = await app.makeMember({ role: 'rep', name: 'Pat Parting', managerId: team.supervisor.id });
      for (const tier of ['A', 'B', 'C', 'D'] as const) {
        for (const n of [1, 2]) await app.makeCustomer({ name: `${tier}${n} Co`, tier, ownerId: pat.id });
      }
      const result = await leave(pat, team.other, mei);
      await app.settle();
      expect(result.ok).toBe(true);
      const olive = await book(team.other.id);
      const meis = await book(mei.id);
      expect(olive.map((c) => c.tier).sort()).toEqual(['A', 'B', 'C', 'D']);
      expect(meis.map((c) => c.tier).sort()).toEqual(['A', 'B', 'C', 'D']);
      // Two a day from each owner's next working day: Wednesday in Shanghai, Tuesday in Berlin.
      expect(olive.map((c) => c.callbackDueOn).sort()).toEqual([
        '2026-11-25',
        '2026-11-25',
        '2026-11-26',
        '2026-11-26',
      ]);
      expect(meis.map((c) => c.callbackDueOn).sort()).toEqual([
        '2026-11-24',
        '2026-11-24',
        '2026-11-25',
        '2026-11-25',
      ]);
      expect(dmText(mei.userId)).toContain(
        'Pat Parting has left the team. 4 of their customers are now yours',
      );
    } finally {
      await updateSetting(app.db, 'handover.callbacksPerDay', '5');
      clock.set('2026-11-23T02:00:00Z');
    }
  });

  it('refuses a hand-over to the leaver or to someone inactive, and one with nobody to take it, changing nothing', async () => {
    const quinn = await app.makeMember({ role: 'rep', name: 'Quinn Quit', managerId: team.supervisor.id });
    await app.makeCustomer({ name: 'Quinn Customer', tier: 'B', ownerId: quinn.id });
    const gone = await app.makeMember({ role: 'rep', name: 'Long Gone', managerId: team.supervisor.id });
    await app.db.update(members).set({ active: false }).where(eq(members.id, gone.id));
    const toSelf = await leave(quinn, quinn);
    expect(!toSelf.ok && toSelf.error).toEqual({ code: 'leave_to_self', params: { member: 'Quinn Quit' } });
    const toGone = await leave(quinn, gone);
    expect(!toGone.ok && toGone.error).toEqual({
      code: 'leave_to_inactive',
      params: { member: 'Long Gone' },
    });
    const loner = await app.makeMember({ role: 'rep', name: 'No Manager' });
    await app.makeCustomer({ name: 'Orphan Co', tier: 'C', ownerId: loner.id });
    const nobody = await leave(loner);
    expect(!nobody.ok && nobody.error).toEqual({ code: 'leave_no_owner', params: { member: 'No Manager' } });
    expect((await member(quinn.id)).active).toBe(true);
    expect((await book(quinn.id)).map((c) => c.name)).toEqual(['Quinn Customer']);
    expect((await member(loner.id)).active).toBe(true);
  });

  it('a supervisor leaving: their reports and the approvals waiting on them move to their own manager', async () => {
    const sue = await app.makeMember({
      role: 'supervisor',
      name: 'Sue Supervisor',
      managerId: team.director.id,
    });
    const rob = await app.makeMember({ role: 'rep', name: 'Rob Report', managerId: sue.id });
    await app.makeCustomer({ name: 'Robco', tier: 'B', ownerId: rob.id });
    await app.command(rob.userId, '/discount', 'Robco 10% reason:competitor a lower quote');
    await app.settle();
    const [request] = await app.db
      .select()
      .from(discountRequests)
      .where(eq(discountRequests.requesterId, rob.id));
    const result = await leave(sue);
    await app.settle();
    expect(result.ok && result.value).toMatchObject({ left: true, reports: 1, moved: 1 });
    expect((await member(rob.id)).managerId).toBe(team.director.id);
    const [step] = await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, request!.id));
    expect(step).toMatchObject({ status: 'pending', approverId: team.director.id, onBehalfOfId: null });
    expect(dmText(rob.userId)).toContain(
      `Your request #${request!.id} (10% for Robco) is now with Dana Director: Sue Supervisor has left the team.`,
    );
    const old = app.slack
      .callsTo('chat.postMessage')
      .find((call) => buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${request!.id}:1`))!;
    const oldNow = app.slack.messages(old.response.channel as string).find((m) => m.ts === old.response.ts)!;
    expect(replyText(oldNow as { blocks?: unknown[] })).toContain(
      'Moved to Dana Director: Sue Supervisor has left the team',
    );
    // Dana decides in her own name.
    const fresh = app.slack
      .callsTo('chat.postMessage')
      .filter((call) => buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${request!.id}:1`))
      .at(-1)!;
    expect(replyText({ blocks: fresh.args.blocks as unknown[] })).not.toContain('you decide in their place');
  });
});
