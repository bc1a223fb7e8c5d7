import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import { contacts, customers, digestClaims, members } from '../../src/db/schema.ts';
import type { StoredMessage } from '../support/fake-slack.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

// Monday 23 November 2026. Shanghai is UTC+8, New York UTC-5 (EST), Auckland UTC+13 (NZDT).
const MON_0829_SHANGHAI = '2026-11-23T00:29:00Z';
const MON_0830_SHANGHAI = '2026-11-23T00:30:00Z';

describe('morning messages', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date(MON_0829_SHANGHAI));
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.db.update(members).set({ timezone: 'America/New_York' }).where(eq(members.id, team.other.id));
    const make = async (
      name: string,
      tier: 'A' | 'B' | 'C' | 'D',
      next: string,
      extra: Partial<typeof customers.$inferInsert> = {},
    ) => {
      const row = await app.makeCustomer({ name, tier, ownerId: team.rep.id });
      await app.db
        .update(customers)
        .set({ nextFollowUpOn: next, ...extra })
        .where(eq(customers.id, row.id));
      ids[name] = row.id;
    };
    await make('Acme', 'A', '2026-11-23');
    await make('Globex', 'B', '2026-11-19', {
      lastVisitOn: '2026-11-12',
      lastVisitSummary: 'Demo for the ops team',
      lastNextStep: 'Send the pricing sheet',
    });
    await make('Initech', 'C', '2026-12-10');
    await make('Hooli', 'D', '2026-11-20');
    const other = await app.makeCustomer({ name: 'Umbrella', tier: 'B', ownerId: team.other.id });
    await app.db.update(customers).set({ nextFollowUpOn: '2026-11-23' }).where(eq(customers.id, other.id));
    await app.db.insert(contacts).values([
      { customerId: ids.Acme!, name: 'Zhang Wei', title: 'CFO', birthdayMonthDay: '11-23' },
      { customerId: ids.Initech!, name: 'Li Na', title: null, birthdayMonthDay: '11-24' },
      { customerId: ids.Initech!, name: 'Not Yet', title: null, birthdayMonthDay: '11-26' },
    ]);
  });
  afterAll(() => app?.stop());
  beforeEach(() => app.slack.reset());

  const dm = (userId: string) => app.slack.messages(`D${userId}`);
  const dmText = (userId: string) =>
    dm(userId)
      .map((m) => replyText(m as { blocks?: unknown[] }))
      .join('\n---\n');
  const textOf = (message: StoredMessage) => replyText(message as { blocks?: unknown[] });
  // The first morning's messages, kept for the tests that read and click them.
  let repMorning: StoredMessage;
  let supervisorMorning: StoredMessage;

  it('sends nothing before the digest time, then one message at 08:30 local, and none on the next tick', async () => {
    await app.tick(MON_0829_SHANGHAI);
    expect(dm(team.rep.userId)).toHaveLength(0);

    await app.tick(MON_0830_SHANGHAI);
    expect(dm(team.rep.userId)).toHaveLength(1);
    repMorning = dm(team.rep.userId)[0]!;
    supervisorMorning = dm(team.supervisor.userId)[0]!;
    await app.tick('2026-11-23T00:31:00Z');
    await app.tick('2026-11-23T09:00:00Z');
    expect(dm(team.rep.userId)).toHaveLength(1);
    // Still Sunday evening in New York: nothing for Olive yet.
    expect(dm(team.other.userId)).toHaveLength(0);
  });

  it('lists due and overdue customers with buttons, birthdays and the follow-up details', () => {
    const text = textOf(repMorning);
    expect(text).toContain('Follow-ups for Riley Rep — 2026-11-23');
    expect(text).toContain('Due today (1)');
    expect(text).toContain('Acme (A)');
    expect(text).toContain('Overdue (2)');
    expect(text).toContain('Globex (B) — 4 days overdue');
    expect(text).toContain('Last visit 2026-11-12: Demo for the ops team');
    expect(text).toContain('Promised next step: Send the pricing sheet');
    expect(text).toContain('Hooli (D) — 3 days overdue');
    expect(text).not.toContain('Initech (C)');
    expect(text).toContain('Zhang Wei (CFO) at Acme — birthday today');
    expect(text).toContain('Li Na at Initech — birthday on 2026-11-24');
    expect(text).not.toContain('Not Yet');
    const buttons = buttonsOf(repMorning.blocks);
    expect(buttons.filter((b) => b.value === String(ids.Acme)).map((b) => b.text)).toEqual([
      'Log visit',
      'Snooze',
      'Done',
    ]);
  });

  it('reaches New York at 08:30 New York time', async () => {
    await app.tick('2026-11-23T13:29:00Z');
    expect(dm(team.other.userId)).toHaveLength(0);
    await app.tick('2026-11-23T13:30:00Z');
    expect(dmText(team.other.userId)).toContain('Umbrella (B)');
  });

  it('sends the supervisor a team digest', async () => {
    const text = textOf(supervisorMorning);
    expect(text).toContain('Team digest for Sam Supervisor — 2026-11-23');
    expect(text).toContain('No visit for 3 working days');
    expect(text).toContain('Riley Rep (no visit yet)');
    expect(text).toContain('Discounts month to date');
  });

  it('snoozes to the next working day and redraws the message without that customer', async () => {
    const message = repMorning;
    const snooze = buttonsOf(message.blocks).find(
      (b) => b.value === String(ids.Hooli) && b.text === 'Snooze',
    )!;
    clock.set('2026-11-23T02:00:00Z');
    const click = await app.click(team.rep.userId, snooze.actionId, snooze.value, {
      channelId: message.channel,
      messageTs: message.ts,
    });
    await app.settle();
    const [hooli] = await app.db.select().from(customers).where(eq(customers.id, ids.Hooli!));
    expect(hooli?.nextFollowUpOn).toBe('2026-11-24');
    const redraw = app.slack.callsTo('response_url').find((c) => c.tag === click.tag)!;
    expect(redraw.args.replace_original).toBe(true);
    const shown = replyText({ blocks: redraw.args.blocks as unknown[] });
    expect(shown).toContain('Snoozed Hooli to 2026-11-24');
    expect(shown).not.toContain('Hooli (D)');
    expect(shown).toContain('Overdue (1)');
  });

  it('marks a follow-up done, due again after the tier cadence', async () => {
    const done = buttonsOf(repMorning.blocks).find((b) => b.value === String(ids.Acme) && b.text === 'Done')!;
    const click = await app.click(team.rep.userId, done.actionId, done.value, {
      channelId: repMorning.channel,
      messageTs: repMorning.ts,
    });
    await app.settle();
    const [acme] = await app.db.select().from(customers).where(eq(customers.id, ids.Acme!));
    expect(acme?.nextFollowUpOn).toBe('2026-11-26'); // tier A: 3 days
    expect(
      JSON.stringify(app.slack.callsTo('response_url').find((c) => c.tag === click.tag)?.args),
    ).toContain('Acme is done for now; next follow-up 2026-11-26');
  });

  it('opens the visit form with the customer chosen from Log visit', async () => {
    await app.click(team.rep.userId, 'followup.visit', String(ids.Globex));
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as {
      callback_id: string;
      blocks: { block_id: string; element: { initial_option?: { value: string } } }[];
    };
    expect(view.callback_id).toBe('visit_form');
    expect(view.blocks.find((b) => b.block_id === 'customer')?.element.initial_option?.value).toBe(
      String(ids.Globex),
    );
  });

  it('refuses buttons on a customer the member may not see', async () => {
    const [umbrella] = await app.db.select().from(customers).where(eq(customers.name, 'Umbrella'));
    const click = await app.click(team.rep.userId, 'followup.snooze', String(umbrella!.id));
    await app.settle();
    expect(
      JSON.stringify(app.slack.callsTo('response_url').find((c) => c.tag === click.tag)?.args),
    ).toContain('No customer of yours matches');
    const [after] = await app.db.select().from(customers).where(eq(customers.id, umbrella!.id));
    expect(after?.nextFollowUpOn).toBe('2026-11-23');
  });

  it('answers /followups on demand and /report for a period', async () => {
    const followups = await app.command(team.rep.userId, '/followups', '');
    expect(replyText(followups.body)).toContain('Globex (B)');
    const report = await app.command(team.supervisor.userId, '/report', 'month');
    expect(replyText(report.body)).toContain('Team report for Sam Supervisor — 2026-11-01 to 2026-11-23');
  });

  it('shows key contacts and their birthdays on the customer card', async () => {
    const card = await app.command(team.rep.userId, '/customer', 'Acme');
    expect(replyText(card.body)).toContain('Key contacts');
    expect(replyText(card.body)).toContain('Zhang Wei (CFO) · birthday 11-23');
  });

  it('sends nothing on weekends and team holidays', async () => {
    await app.tick('2026-11-28T01:00:00Z'); // Saturday 09:00 Shanghai
    expect(dm(team.rep.userId)).toHaveLength(0);
    await updateSetting(app.db, 'holidays', '2026-11-30');
    await app.tick('2026-11-30T01:00:00Z'); // Monday, a holiday
    expect(dm(team.rep.userId)).toHaveLength(0);
    await app.tick('2026-12-01T01:00:00Z'); // Tuesday
    expect(dm(team.rep.userId)).toHaveLength(1);
    await updateSetting(app.db, 'holidays', '');
  });

  it('never sends a day late: a service down all Wednesday morning sends Wednesday’s message that day only', async () => {
    await app.tick('2026-12-02T15:00:00Z'); // Wednesday 23:00 Shanghai: late, but the same day
    expect(dm(team.rep.userId)).toHaveLength(1);
    const claims = await app.db.select().from(digestClaims).where(eq(digestClaims.memberId, team.rep.id));
    expect(claims.map((c) => c.localDate).sort()).toEqual(['2026-11-23', '2026-12-01', '2026-12-02']);
    await app.tick('2026-12-03T00:00:00Z'); // Thursday 08:00: before the time, and Wednesday is gone
    expect(dm(team.rep.userId)).toHaveLength(1);
  });

  it('sends no second message the day a member moves west', async () => {
    await app.tick('2026-12-03T00:30:00Z'); // Thursday 08:30 Shanghai
    expect(dm(team.rep.userId)).toHaveLength(1);
    await app.db.update(members).set({ timezone: 'America/Los_Angeles' }).where(eq(members.id, team.rep.id));
    await app.tick('2026-12-03T16:30:00Z'); // Thursday 08:30 in Los Angeles
    expect(dm(team.rep.userId)).toHaveLength(1);
    await app.db.update(members).set({ timezone: null }).where(eq(members.id, team.rep.id));
  });

  it('can send a one-line all clear, or nothing, when nothing is due', async () => {
    const quiet = await app.makeMember({ name: 'Quinn Quiet', managerId: team.supervisor.id });
    await app.tick('2026-12-04T00:30:00Z'); // Friday
    expect(dmText(quiet.userId)).toContain('All clear, Quinn Quiet: nothing is due today.');
    await updateSetting(app.db, 'allClear', 'skip');
    await app.tick('2026-12-07T00:30:00Z'); // Monday
    expect(dm(quiet.userId)).toHaveLength(1);
    await updateSetting(app.db, 'allClear', 'send');
  });
});

describe('time zones and daylight saving', () => {
  let app: TestApp;
  const clock = new TestClock(new Date('2026-10-30T00:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
  });
  afterAll(() => app?.stop());

  const count = (userId: string) => app.slack.messages(`D${userId}`).length;

  it('follows New York across the end of daylight saving', async () => {
    const rep = await app.makeMember({ timezone: 'America/New_York' });
    await app.tick('2026-10-30T12:30:00Z'); // Friday 08:30 EDT
    expect(count(rep.userId)).toBe(1);
    await app.tick('2026-11-02T12:30:00Z'); // Monday 07:30 EST: not yet
    expect(count(rep.userId)).toBe(1);
    await app.tick('2026-11-02T13:30:00Z'); // Monday 08:30 EST
    expect(count(rep.userId)).toBe(2);
  });

  it('serves Auckland (ahead of UTC) on its own Monday while UTC is still Sunday', async () => {
    const rep = await app.makeMember({ timezone: 'Pacific/Auckland' });
    await app.tick('2026-11-22T19:30:00Z'); // Sunday in UTC, Monday 08:30 NZDT
    expect(count(rep.userId)).toBe(1);
    const [claim] = await app.db.select().from(digestClaims).where(eq(digestClaims.memberId, rep.id));
    expect(claim?.localDate).toBe('2026-11-23');
  });

  it('serves Los Angeles (behind UTC) when UTC is already Tuesday', async () => {
    const rep = await app.makeMember({ timezone: 'America/Los_Angeles' });
    await app.tick('2026-11-24T16:30:00Z'); // Tuesday 08:30 PST
    expect(count(rep.userId)).toBe(1);
  });
});
