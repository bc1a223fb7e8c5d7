/**
 * The weekly report (README, "Weekly report"): driven through the real service's scheduler, with
 * the fake Slack and Lark receiving what supervisors and directors get. Times are UTC; the team
 * sits in Asia/Shanghai (UTC+8), so 00:30Z is the 08:30 digest time there.
 */
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWeeklyReports } from '../../src/app/followups/weekly-figures.ts';
import { memberById } from '../../src/app/members/members.ts';
import { calendarOf, loadSettings, updateSetting } from '../../src/app/members/team-settings.ts';
import { digestClaims, outbox } from '../../src/db/schema.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { imgElements } from '../support/lark-images.ts';
import { seedWeeklyTeam } from '../support/weekly-team.ts';

const CHARTS = ['weekly-visits.png', 'weekly-discounts.png'];

describe('the weekly report', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<typeof seedWeeklyTeam>>;
  let zhSupervisor: { id: number; userId: string };
  let larkSupervisor: { id: number; userId: string };

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(new Date('2026-11-28T00:00:00Z')), lark: true });
    team = await seedWeeklyTeam(app);
    zhSupervisor = await app.makeMember({ role: 'supervisor', name: '张梅', locale: 'zh-CN' });
    await app.makeMember({ name: '李雷', managerId: zhSupervisor.id, locale: 'zh-CN' });
    larkSupervisor = await app.makeMember({ platform: 'lark', userId: 'ou_weeklysup', role: 'supervisor' });
    await app.makeMember({ platform: 'lark', userId: 'ou_weeklyrep', managerId: larkSupervisor.id });
  });
  afterAll(() => app?.stop());

  const weeklyRows = (week: string) =>
    app.db
      .select()
      .from(outbox)
      .where(like(outbox.key, `weekly:%:${week}`));
  /** The weekly report's text messages in a Slack DM (each message names its outbox key). */
  const weeklyTexts = (userId: string) =>
    app.slack
      .messages(`D${userId}`)
      .filter((m) =>
        String(
          (m.metadata as { event_payload?: { outbox_key?: string } })?.event_payload?.outbox_key,
        ).startsWith('weekly:'),
      );
  const shares = (userId: string) =>
    app.slack.messages(`D${userId}`).filter((m) => (m.files?.length ?? 0) > 0);
  const sharedNames = (userId: string) => shares(userId).map((m) => m.files!.map((file) => file.name));

  it('is not sent on Sunday, nor on Monday before the digest time', async () => {
    await app.tick('2026-11-29T01:00:00Z'); // Sunday 09:00
    await app.tick('2026-11-30T00:29:00Z'); // Monday 08:29
    expect(await weeklyRows('2026-11-30')).toEqual([]);
    expect(shares(team.supervisor.userId)).toEqual([]);
  });

  it('reaches each supervisor and director once on Monday at the digest time, with both charts', async () => {
    await app.tick('2026-11-30T00:30:00Z');
    // The run again, twice at once, then from a scheduler that remembers nothing (a restarted
    // service), then later the same day: the claims in the database keep it to one report each.
    await Promise.all([app.service.scheduler.tick(), app.service.scheduler.tick()]);
    await createScheduler(app.service.deps).tick();
    await app.tick('2026-11-30T03:00:00Z');
    await app.settle();
    for (const reader of [team.supervisor, team.director, team.sue]) {
      expect(weeklyTexts(reader.userId), reader.name).toHaveLength(1);
      expect(sharedNames(reader.userId), reader.name).toEqual([CHARTS]);
    }
    for (const rep of [team.rep, team.other, team.rick]) expect(shares(rep.userId)).toEqual([]);
    const claims = await app.db.select().from(digestClaims).where(eq(digestClaims.kind, 'weekly'));
    expect(claims.map((c) => [c.memberId, c.localDate]).sort()).toEqual(
      [team.director, team.supervisor, team.sue, zhSupervisor, larkSupervisor]
        .map((m) => [m.id, '2026-11-30'])
        .sort(),
    );
    expect((await weeklyRows('2026-11-30')).every((row) => row.status === 'sent')).toBe(true);
  });

  it("tells the supervisor their team's week against the week before", () => {
    const text = replyText(weeklyTexts(team.supervisor.userId)[0]!);
    expect(text).toContain('Weekly report, Sam Supervisor — 2026-11-23 to 2026-11-29');
    expect(text).toContain('7 visits (+3 vs last week)');
    expect(text).toContain('4 discount requests, 3 granted (+3 vs last week)');
    expect(text).toContain('Most visited: Acme (3), Beta (2), Delta (1)');
    expect(text).toContain('No visit: Olive Other');
  });

  it('shows a director the whole tree, and a supervisor only their own team', () => {
    const director = replyText(weeklyTexts(team.director.userId)[0]!);
    expect(director).toContain('9 visits (+5 vs last week)');
    expect(director).toContain('Most visited: Acme (3), Beta (2), Zeta (2)');
    expect(director).toContain('No visit: Olive Other');
    const sue = replyText(weeklyTexts(team.sue.userId)[0]!);
    expect(sue).toContain('2 visits (+2 vs last week)');
    expect(sue).toContain('0 discount requests, 0 granted (same as last week)');
    expect(sue).toContain('Every rep logged a visit.');
  });

  it('draws visits per rep, day and kind, and discounts by reason as /report counts them', async () => {
    const sam = (await memberById(app.service.deps, team.supervisor.id))!;
    const calendar = calendarOf(await loadSettings(app.db));
    const reports = await loadWeeklyReports(
      app.db,
      [{ member: sam, from: '2026-11-23', to: '2026-11-29' }],
      calendar,
    );
    const { figures } = reports.get(sam.id)!;
    expect(figures.days).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    expect(figures.reps.map((rep) => rep.name)).toEqual(['Olive Other', 'Riley Rep']);
    expect(figures.reps[0]!.visits).toEqual([]);
    expect(figures.reps[1]!.visits).toEqual(
      expect.arrayContaining([
        { day: '2026-11-24', kind: 'call', count: 1 },
        { day: '2026-11-24', kind: 'visit', count: 1 },
        { day: '2026-11-27', kind: 'call', count: 1 },
      ]),
    );
    expect(figures.reps[1]!.visits.reduce((sum, v) => sum + v.count, 0)).toBe(7);
    expect(figures.discounts).toEqual([
      // The accepted counter-offer: 20% asked, 15% granted.
      {
        reason: 'competitor',
        requested: 2,
        granted: 2,
        averageRequestedPercent: 15,
        averageGrantedPercent: 12.5,
      },
      { reason: 'budget', requested: 2, granted: 1, averageRequestedPercent: 17.5, averageGrantedPercent: 5 },
    ]);
  });

  it('speaks Chinese to a Chinese supervisor', () => {
    const text = replyText(weeklyTexts(zhSupervisor.userId)[0]!);
    expect(text).toContain('张梅的周报：2026-11-23 至 2026-11-29');
    expect(text).toContain('拜访 0 次（与上周持平）');
    expect(text).toContain('本周无拜访：李雷');
    expect(sharedNames(zhSupervisor.userId)).toEqual([CHARTS]);
  });

  it('shows a Lark supervisor both charts in the card', () => {
    const cards = app.lark!.messages('ou_weeklysup').filter((card) => imgElements(card.content).length > 0);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]!.content)).toContain('Weekly report');
    expect(imgElements(cards[0]!.content)).toHaveLength(2);
  });

  it('comes on Tuesday when Monday is a holiday, once, about the week before', async () => {
    await updateSetting(app.db, 'holidays', '2026-12-07');
    try {
      await app.tick('2026-12-07T00:30:00Z'); // the holiday
      expect(await weeklyRows('2026-12-07')).toEqual([]);
      await app.tick('2026-12-08T00:30:00Z'); // Tuesday
      await app.tick('2026-12-09T00:30:00Z'); // Wednesday: not the first working day
      const texts = weeklyTexts(team.supervisor.userId);
      expect(texts).toHaveLength(2);
      expect(replyText(texts[1]!)).toContain('2026-11-30 to 2026-12-06');
      expect(sharedNames(team.supervisor.userId)).toEqual([CHARTS, CHARTS]);
    } finally {
      await updateSetting(app.db, 'holidays', '');
    }
  });

  it('is not sent late on Tuesday after a Monday the service missed', async () => {
    await app.tick('2026-12-22T00:30:00Z'); // Tuesday; nothing ran on Monday the 21st
    expect(await weeklyRows('2026-12-21')).toEqual([]);
  });

  it('is not sent when the team turns it off (the morning messages still are)', async () => {
    await expect(updateSetting(app.db, 'weeklyReport', 'weekly')).rejects.toThrow(/weeklyReport/);
    await updateSetting(app.db, 'weeklyReport', 'off');
    try {
      await app.tick('2026-12-14T00:30:00Z');
      expect(await weeklyRows('2026-12-14')).toEqual([]);
      const morning = await app.db
        .select()
        .from(digestClaims)
        .where(and(eq(digestClaims.localDate, '2026-12-14'), eq(digestClaims.memberId, team.supervisor.id)));
      expect(morning.map((c) => c.kind)).toEqual(['team']);
    } finally {
      await updateSetting(app.db, 'weeklyReport', 'on');
    }
  });
});
