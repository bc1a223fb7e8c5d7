import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalSteps, discountRequests } from '../../src/db/schema.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * A click is stored before Slack is acknowledged; when the database is too slow for that, the click
 * is acknowledged at the cap (about 2 s, inside Slack's 3 s), the member is told nothing was saved,
 * and what was under way is rolled back — so the answer is true.
 */
describe('an approval click on a slow database', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp();
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Globex', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  const latestRequestId = async () =>
    Math.max(...(await app.db.select({ id: discountRequests.id }).from(discountRequests)).map((r) => r.id));
  const stepStatus = async (requestId: number) =>
    (await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, requestId)))[0]?.status;

  it('is acknowledged within Slack’s limit, says nothing was saved, and saves nothing', async () => {
    await app.command(team.rep.userId, '/discount', 'Globex 12% reason:leverage they always ask');
    await app.settle();
    const id = await latestRequestId();

    // Another session holds the approval steps (on the embedded database: the whole database) for 3.5 s.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = app.db.transaction(async (tx) => {
      await tx.execute(sql`select id from approval_steps for update`);
      locked();
      await held;
    });
    await isLocked;
    const releaseTimer = setTimeout(() => release(), 3500);

    const started = performance.now();
    const click = await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`);
    const acknowledgedMs = performance.now() - started;
    expect(click.status).toBe(200);
    expect(acknowledgedMs).toBeGreaterThan(1500);
    expect(acknowledgedMs).toBeLessThan(2900);
    const told = await app.slack.waitFor(
      (call) => call.method === 'response_url' && call.tag === click.tag,
      5000,
    );
    expect(JSON.stringify(told.args)).toContain('nothing was saved');

    await holder;
    clearTimeout(releaseTimer);
    // The decision that was under way when the member was told "nothing was saved" did not land.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stepStatus(id)).toBe('pending');

    // With the database quick again, the same click goes through.
    const again = await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`);
    expect(again.status).toBe(200);
    expect(await stepStatus(id)).toBe('approved');
  }, 30_000);
});
