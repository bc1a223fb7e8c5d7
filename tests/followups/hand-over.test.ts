import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, members } from '../../src/db/schema.ts';
import type { StoredMessage } from '../support/fake-slack.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

type SectionBlock = {
  block_id?: string;
  accessory?: { type: string; options?: { text: { text: string }; value: string }[] };
};

/** 换人跟进 from the supervisor's team digest: ask first, then hand over, and say it truly. */
describe('handing a stale account over from the team digest', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  let mei: Awaited<ReturnType<TestApp['makeMember']>>;
  let dustyId: number;
  // Monday 23 Nov 2026, 08:30 in Shanghai: the morning digests go out.
  const clock = new TestClock(new Date('2026-11-23T00:30:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    mei = await app.makeMember({ role: 'rep', name: 'Mei Zhang', managerId: team.supervisor.id });
    const gone = await app.makeMember({ role: 'rep', name: 'Gone Rep', managerId: team.supervisor.id });
    await app.db.update(members).set({ active: false }).where(eq(members.id, gone.id));
    const stale = await app.makeCustomer({ name: 'Dusty Ltd', tier: 'B', ownerId: team.rep.id });
    dustyId = stale.id;
    const old = { assignedOn: '2026-06-01', lastProgressOn: '2026-07-01', lastVisitOn: '2026-10-01' };
    await app.db
      .update(customers)
      .set({ ...old, lastVisitSummary: 'Coffee, no news' })
      .where(eq(customers.id, stale.id));
    const dusty2 = await app.makeCustomer({ name: 'Musty Co', tier: 'C', ownerId: mei.id });
    await app.db.update(customers).set(old).where(eq(customers.id, dusty2.id));
    const fresh = await app.makeCustomer({ name: 'Fresh Co', tier: 'B', ownerId: team.rep.id });
    await app.db.update(customers).set({ assignedOn: '2026-11-01' }).where(eq(customers.id, fresh.id));
    await app.tick('2026-11-23T00:30:00Z');
  });
  afterAll(() => app?.stop());

  const digest = () =>
    app.slack
      .messages(`D${team.supervisor.userId}`)
      .find((m) => replyText(m as { blocks?: unknown[] }).includes('Stale accounts')) as StoredMessage;
  const pickerOf = (customer: string) => {
    const blocks = digest().blocks as (SectionBlock & { text?: { text: string } })[];
    return blocks.find((b) => b.text?.text.includes(customer) && b.accessory);
  };
  const answerTo = (tag: string) =>
    JSON.stringify(app.slack.callsTo('response_url').find((c) => c.tag === tag)?.args ?? {});
  const ownerOf = async (name: string) =>
    (await app.db.select().from(customers).where(eq(customers.name, name)))[0];

  /** Picks `userId` beside the account in the digest; returns the private confirmation's button value. */
  async function pick(customer: string, userId: string) {
    const picker = pickerOf(customer)!;
    const picked = await app.pickUser(
      team.supervisor.userId,
      'stale.reassign',
      picker.block_id!,
      userId,
      'static_select',
    );
    await app.settle();
    const call = app.slack.callsTo('response_url').find((c) => c.tag === picked.tag);
    return { answer: answerTo(picked.tag), buttons: buttonsOf((call?.args.blocks as unknown[]) ?? []) };
  }

  it("offers only the team's active reps other than the owner, and moves nothing until confirmed", async () => {
    const text = replyText(digest() as { blocks?: unknown[] });
    expect(text).toContain('Dusty Ltd (B), Riley Rep — no progress since 2026-07-01');
    const picker = pickerOf('Dusty Ltd')!;
    expect(picker.accessory?.type).toBe('static_select');
    expect(picker.accessory?.options?.map((o) => o.text.text)).toEqual(['Mei Zhang', 'Olive Other']); // by name
    expect(pickerOf('Musty Co')!.accessory?.options?.map((o) => o.text.text)).toEqual([
      'Olive Other',
      'Riley Rep',
    ]);

    const { answer, buttons } = await pick('Dusty Ltd', mei.userId);
    expect(answer).toContain('Hand Dusty Ltd from Riley Rep to Mei Zhang?');
    expect(buttons.map((b) => b.text)).toEqual(['Hand over', 'Cancel']);
    expect((await ownerOf('Dusty Ltd'))?.ownerId).toBe(team.rep.id);

    const cancel = buttons.find((b) => b.text === 'Cancel')!;
    const cancelled = await app.click(team.supervisor.userId, cancel.actionId, cancel.value, {
      isEphemeral: true,
    });
    await app.settle();
    expect(answerTo(cancelled.tag)).toContain('Nothing was handed over.');
    expect((await ownerOf('Dusty Ltd'))?.ownerId).toBe(team.rep.id);
  });

  it('hands over on confirmation: the new owner sees the account as it now stands, the old owner is told, the digest line says so', async () => {
    const { buttons } = await pick('Dusty Ltd', team.other.userId);
    const confirm = buttons.find((b) => b.text === 'Hand over')!;
    const done = await app.click(team.supervisor.userId, confirm.actionId, confirm.value, {
      isEphemeral: true,
    });
    await app.settle();
    // Due on Olive's next working day, not this morning: they get a day with the history first.
    expect(answerTo(done.tag)).toContain(
      'Dusty Ltd now belongs to Olive Other, due for a follow-up on 2026-11-24',
    );
    expect(await ownerOf('Dusty Ltd')).toMatchObject({
      ownerId: team.other.id,
      assignedOn: '2026-11-23',
      nextFollowUpOn: '2026-11-24',
    });
    const toNewOwner = replyText(
      app.slack.messages(`D${team.other.userId}`).at(-1) as { blocks?: unknown[] },
    );
    expect(toNewOwner).toContain('Sam Supervisor handed Dusty Ltd over to you');
    expect(toNewOwner).toContain('*Owner*\nOlive Other');
    expect(toNewOwner).not.toContain('Riley Rep');
    expect(toNewOwner).toContain('*Next follow-up*\n2026-11-24');
    expect(toNewOwner).toContain('Recent visits');
    expect(app.slack.messages(`D${team.rep.userId}`).at(-1)?.text).toContain(
      'Sam Supervisor handed Dusty Ltd over to Olive Other',
    );
    // The digest no longer offers the picker for it; the other line keeps its own.
    expect(pickerOf('Dusty Ltd')).toBeUndefined();
    expect(replyText(digest() as { blocks?: unknown[] })).toContain(
      '✓ Dusty Ltd handed to Olive Other by Sam Supervisor',
    );
    expect(pickerOf('Musty Co')?.accessory?.type).toBe('static_select');

    // A second click on the same confirmation changes nothing.
    const again = await app.click(team.supervisor.userId, confirm.actionId, confirm.value, {
      isEphemeral: true,
    });
    await app.settle();
    expect(answerTo(again.tag)).toContain('Dusty Ltd already belongs to Olive Other; nothing was changed.');
  });

  it('keeps working for digests posted by the earlier version (a users_select), and refuses outsiders and reps', async () => {
    const legacyBlock = `stale.reassign:${dustyId}`;
    const outsider = await app.makeMember({ name: 'Out Sider' });
    const refused = await app.pickUser(
      team.supervisor.userId,
      'stale.reassign',
      legacyBlock,
      outsider.userId,
    );
    const byRep = await app.pickUser(team.rep.userId, 'stale.reassign', legacyBlock, mei.userId);
    const toSupervisor = await app.pickUser(
      team.supervisor.userId,
      'stale.reassign',
      legacyBlock,
      team.director.userId,
    );
    const legacy = await app.pickUser(team.supervisor.userId, 'stale.reassign', legacyBlock, mei.userId);
    await app.settle();
    expect(answerTo(refused.tag)).toContain('Out Sider is not in your team');
    expect(answerTo(byRep.tag)).toContain('Only a supervisor, director or admin can hand an account');
    expect(answerTo(toSupervisor.tag)).toContain('Dana Director is not in your team');
    expect(answerTo(legacy.tag)).toContain('Hand Dusty Ltd from Olive Other to Mei Zhang?');
    expect((await ownerOf('Dusty Ltd'))?.ownerId).toBe(team.other.id);
  });
});
