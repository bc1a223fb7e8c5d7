/**
 * A customer imported in the evening is first due on its owner's next working day, in the owner's
 * zone (README, "Follow-ups"): not "overdue" the next morning, and not a day off for a rep whose
 * zone is not the team's DEFAULT_TIMEZONE (Asia/Shanghai here).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCustomers } from '../../src/app/imports/import-customers.ts';
import { customers, members } from '../../src/db/schema.ts';
import { replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

// Monday 23 November 2026, 21:30 in New York (UTC-5) = Tuesday 10:30 in Shanghai.
const MON_EVENING_NEW_YORK = new Date('2026-11-24T02:30:00Z');
const TUE_0830_NEW_YORK = '2026-11-24T13:30:00Z';
const WED_0830_SHANGHAI = '2026-11-25T00:30:00Z';

describe('an evening import', () => {
  const clock = new TestClock(MON_EVENING_NEW_YORK);
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.db.update(members).set({ timezone: 'America/New_York' }).where(eq(members.id, team.other.id));
    const csv = [
      'name,tier,owner_user_id,status',
      `Umbrella Corp,B,${team.other.userId},prospect`,
      `Acme,A,${team.rep.userId},active`,
    ].join('\n');
    await importCustomers(app.db, csv, { now: clock.now(), defaultTimezone: 'Asia/Shanghai' });
  });
  afterAll(() => app?.stop());

  const customerNamed = async (name: string) =>
    (await app.db.select().from(customers).where(eq(customers.name, name)))[0]!;
  const morningOf = (userId: string) =>
    app.slack
      .messages(`D${userId}`)
      .map((m) => replyText(m as { blocks?: unknown[] }))
      .join('\n---\n');

  it("dates each customer in its owner's zone: assigned today there, due their next working day", async () => {
    expect(await customerNamed('Umbrella Corp')).toMatchObject({
      assignedOn: '2026-11-23',
      nextFollowUpOn: '2026-11-24',
    });
    expect(await customerNamed('Acme')).toMatchObject({
      assignedOn: '2026-11-24',
      nextFollowUpOn: '2026-11-25',
    });
  });

  it('is due today, not overdue, in the New York rep’s next morning message', async () => {
    await app.tick(TUE_0830_NEW_YORK);
    const morning = morningOf(team.other.userId);
    expect(morning).toContain('Due today (1)');
    expect(morning).toContain('Umbrella Corp (B)');
    expect(morning).not.toContain('overdue');
  });

  it('waits for the Shanghai rep’s next working day, then is due today', async () => {
    expect(morningOf(team.rep.userId)).not.toContain('Acme (A)');
    await app.tick(WED_0830_SHANGHAI);
    const morning = morningOf(team.rep.userId);
    expect(morning).toContain('Due today (1)');
    expect(morning).toContain('Acme (A)');
    expect(morning).not.toContain('Overdue');
  });
});
