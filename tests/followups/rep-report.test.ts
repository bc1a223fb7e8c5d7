/**
 * `/report` for a rep is their own week (README, "Reports"): visits by day and stage, their
 * discount requests and outcomes, their due list — and the discount figures agree with the
 * supervisor's team report for the same period.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { members } from '../../src/db/schema.ts';
import { replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

// Monday 23 November 2026, 10:00 in Shanghai.
const MONDAY = new Date('2026-11-23T02:00:00Z');
const WEDNESDAY = new Date('2026-11-25T02:00:00Z');

describe('a rep’s own report', () => {
  const clock = new TestClock(MONDAY);
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Acme', tier: 'A', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Initech', tier: 'B', ownerId: team.other.id });
    const say = (user: string, command: string, text: string) => app.command(user, command, text);
    await say(team.rep.userId, '/visit', 'Acme demo for the buyers stage:agreement');
    await say(team.rep.userId, '/discount', 'Acme 4% on 100000 reason:volume two-year order');
    await say(team.other.userId, '/visit', 'Initech intro call kind:call');
    clock.set(new Date('2026-11-24T03:00:00Z'));
    await say(team.rep.userId, '/visit', 'Globex call about renewal kind:call');
    await say(
      team.rep.userId,
      '/discount',
      'Globex 10% on 50000 reason:competitor lower quote from Initrode',
    );
    clock.set(WEDNESDAY);
    await app.settle();
  });
  afterAll(() => app?.stop());

  const report = async (userId: string, text = '') =>
    replyText((await app.command(userId, '/report', text)).body);

  it('shows the week’s visits by day and stage, the requests with their outcomes, and what is due', async () => {
    const text = await report(team.rep.userId);
    expect(text).toContain('Your report, Riley Rep — 2026-11-23 to 2026-11-25');
    expect(text).toContain('Visits (2)');
    expect(text).toContain('2026-11-23: Acme (Visit, Agreement)');
    expect(text).toContain('2026-11-24: Globex (Call)');
    expect(text).toContain('By stage: Agreement 1 · no stage 1');
    expect(text).toContain('Your discount requests (2)');
    expect(text).toMatch(/#\d+ Globex 10% — pending/);
    expect(text).toMatch(/#\d+ Acme 4% — auto-approved/);
    expect(text).toContain('Follow-ups now: 0 due today, 0 overdue');
    // Nothing of anyone else's, and none of the supervisor's sections.
    expect(text).not.toContain('Initech');
    expect(text).not.toContain('Stale accounts');
  });

  it('counts the discounts exactly as the supervisor’s team report does for the same week', async () => {
    const figures = '2 requests, 100% approved, average 4% granted, CNY 4,000 given away in total.';
    expect(await report(team.rep.userId)).toContain(figures);
    const supervisor = await report(team.supervisor.userId);
    expect(supervisor).toContain('Team report for Sam Supervisor — 2026-11-23 to 2026-11-25');
    // The team is Riley and Olive; Olive asked for nothing, so the figures are Riley's.
    expect(supervisor).toContain(figures);
  });

  it('takes last-month and month, and names the periods that exist for anything else', async () => {
    expect(await report(team.rep.userId, 'last-month')).toContain('2026-10-01 to 2026-10-31');
    expect(await report(team.rep.userId, 'month')).toContain('2026-11-01 to 2026-11-25');
    expect(await report(team.rep.userId, 'year')).toContain(
      '“year” is not a period: use week, month or last-month.',
    );
    expect(await report(team.supervisor.userId, 'year')).toContain('use week, month or last-month');
  });

  it('speaks Chinese to a Chinese-speaking rep, 上月 included', async () => {
    await app.db.update(members).set({ locale: 'zh-CN' }).where(eq(members.id, team.rep.id));
    try {
      const text = await report(team.rep.userId, '本周');
      expect(text).toContain('Riley Rep 的报告：2026-11-23 至 2026-11-25');
      expect(text).toContain('拜访（2）');
      expect(text).toContain('按阶段：');
      expect(text).toContain('你的折扣申请（2）');
      expect(text).toContain('当前跟进：今天到期 0 个，已逾期 0 个');
      expect(await report(team.rep.userId, '上月')).toContain('2026-10-01 至 2026-10-31');
      expect(await report(team.rep.userId, '去年')).toContain('“去年”不是可用的时间段');
    } finally {
      await app.db.update(members).set({ locale: null }).where(eq(members.id, team.rep.id));
    }
  });
});
