import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discountRequests, outbox } from '../../src/db/schema.ts';
import { jitteredBackoffMs } from '../../src/jobs/delivery.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * After a Slack outage, each conversation's messages arrive in the order they were queued — each
 * row backing off on its own clock used to shuffle them — none lost and none doubled.
 */
describe('delivery order per conversation', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  let second: Awaited<ReturnType<TestApp['makeMember']>>;

  beforeAll(async () => {
    // The outage lasts as long as 30 commands take, which on a loaded machine is more than the
    // test backoff's 25 attempts cover: here nothing may give up, as with production's backoff.
    app = await startTestApp({ outbox: { maxAttempts: 10_000 } });
    team = await app.makeTeam();
    second = await app.makeMember({ name: 'Second Rep', managerId: team.supervisor.id });
    await app.makeCustomer({ name: 'Globex', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Initech', ownerId: second.id });
  });
  afterAll(() => app?.stop());

  it('keeps each conversation in request order through an outage, none lost or doubled', async () => {
    app.slack.setDown(true);
    // 12% goes to the supervisor: each request queues the approval message and a "waiting" note to its rep.
    const sent: { rep: string; n: number }[] = [];
    for (let n = 1; n <= 15; n++) {
      for (const [rep, customer] of [
        [team.rep.userId, 'Globex'],
        [second.userId, 'Initech'],
      ] as const) {
        const reply = await app.command(rep, '/discount', `${customer} 12% reason:leverage order-check-${n}`);
        expect(reply.status).toBe(200);
        sent.push({ rep, n });
      }
    }
    await app.slack.waitFor((call) => call.failed);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    app.slack.setDown(false);
    await app.settle(60_000);

    const gaveUp = await app.db.select().from(outbox).where(eq(outbox.status, 'failed'));
    expect(gaveUp.map((row) => `${row.key}: ${row.lastError}`)).toEqual([]);

    // Messages name the request (#id); the request's note says which of the rep's requests it was.
    const requests = await app.db.select().from(discountRequests);
    const nOf = new Map(requests.map((r) => [r.id, Number(/order-check-(\d+)/.exec(r.justification)?.[1])]));
    const numbersIn = (userId: string) =>
      app.slack
        .messages(userId)
        .map((message) => /#(\d+)/.exec(JSON.stringify(message))?.[1])
        .filter((id): id is string => id !== undefined && nOf.has(Number(id)))
        .map((id) => nOf.get(Number(id))!);
    const expected = Array.from({ length: 15 }, (_, i) => i + 1);
    expect(numbersIn(team.rep.userId)).toEqual(expected);
    expect(numbersIn(second.userId)).toEqual(expected);
    // Every approval message posted exactly once.
    const posted = app.slack
      .callsTo('chat.postMessage')
      .filter((call) => !call.failed)
      .flatMap((call) => [
        // Approve and Reject carry the same value: one message, counted once.
        ...new Set(
          [...JSON.stringify(call.args.blocks ?? []).matchAll(/"value":"(\d+):1"/g)].map((m) => m[1]),
        ),
      ]);
    const approvals = new Map<string, number>();
    for (const id of posted) approvals.set(id!, (approvals.get(id!) ?? 0) + 1);
    expect(approvals.size).toBe(30);
    expect([...approvals.values()].every((count) => count === 1)).toBe(true);
  }, 120_000);

  it('spreads retries with full jitter: anywhere from 0 to the backoff', () => {
    expect(jitteredBackoffMs(3, 100, 10_000, () => 0)).toBe(0);
    expect(jitteredBackoffMs(3, 100, 10_000, () => 0.999999)).toBe(400);
    expect(jitteredBackoffMs(20, 100, 10_000, () => 0.5)).toBe(5000);
  });
});
