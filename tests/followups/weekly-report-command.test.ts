/**
 * `/report week` from a supervisor or director sends the weekly report's charts of this week so far
 * (README, "Weekly report"); the private text answer stays what it was, and a rep's report is unchanged.
 */
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, visits } from '../../src/db/schema.ts';
import { replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

const CHARTS = ['weekly-visits.png', 'weekly-discounts.png'];

describe('/report week', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    // Wednesday 2 December 2026, 10:00 in Shanghai.
    app = await startTestApp({ clock: new TestClock(new Date('2026-12-02T02:00:00Z')) });
    team = await app.makeTeam();
    const acme = await app.makeCustomer({ name: 'Acme', ownerId: team.rep.id });
    const visit = (visitedOn: string) => ({
      memberId: team.rep.id,
      customerId: acme.id,
      kind: 'visit',
      summary: 'met',
      visitedOn,
      nextFollowUpOn: '2026-12-31',
    });
    // This week so far one visit; last week one by Wednesday and one on Friday, which is not
    // compared with a week that has not reached its Friday.
    await app.db.insert(visits).values([visit('2026-12-01'), visit('2026-11-24'), visit('2026-11-27')]);
  });
  afterAll(() => app?.stop());

  const shares = (userId: string) =>
    app.slack
      .messages(`D${userId}`)
      .filter((m) => (m.files?.length ?? 0) > 0)
      .map((m) => m.files!.map((file) => file.name));

  it("answers a supervisor with the team's report and sends the charts of this week so far", async () => {
    const answer = await app.command(team.supervisor.userId, '/report', 'week');
    expect(answer.status).toBe(200);
    expect(replyText(answer.body)).toContain('2026-11-30');
    await app.settle();
    expect(shares(team.supervisor.userId)).toEqual([CHARTS]);
    const text = app.slack
      .messages(`D${team.supervisor.userId}`)
      .map((m) => replyText(m))
      .join('\n');
    expect(text).toContain('Weekly report, Sam Supervisor — 2026-11-30 to 2026-12-02');
    expect(text).toContain('1 visit (same as last week)');
    expect(text).toContain('No visit: Olive Other');
  });

  it('sends a director the charts too, but not for /report month', async () => {
    await app.command(team.director.userId, '/report', 'week');
    await app.command(team.supervisor.userId, '/report', 'month');
    await app.settle();
    expect(shares(team.director.userId)).toEqual([CHARTS]);
    expect(shares(team.supervisor.userId)).toEqual([CHARTS]);
  });

  it("leaves a rep's /report week as it was: no charts", async () => {
    const answer = await app.command(team.rep.userId, '/report', 'week');
    expect(replyText(answer.body)).toContain('Acme');
    await app.settle();
    expect(shares(team.rep.userId)).toEqual([]);
    const queued = await app.db.select().from(outbox).where(like(outbox.key, 'report-week:%'));
    expect(queued.map((row) => row.key.split(':')[1]).sort()).toEqual(
      [team.supervisor.id, team.director.id].map(String).sort(),
    );
  });
});
