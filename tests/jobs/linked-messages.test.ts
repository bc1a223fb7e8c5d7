import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discountRequests, outbox } from '../../src/db/schema.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * A message that links to another conversation's message (the rep's "waiting for …" note links to
 * the approval message) goes out only once that message is posted. Since migration 0017 the row
 * names what it waits for, and the worker does not even claim it meanwhile; a row queued by an
 * earlier version (no such column then) still waits, the notifier handing it back.
 */
describe('messages that link to another message', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp({ outbox: { maxAttempts: 10_000 } });
    team = await app.makeTeam();
    // Two customers: a second request for the same one would replace the first (and queue its closure).
    await app.makeCustomer({ name: 'Globex', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Initech', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  const noticeOf = async (requestId: number) => {
    const [row] = await app.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `discount:${requestId}:waiting:1`));
    return row!;
  };

  async function fileDiscount(customer: string, note: string): Promise<number> {
    const reply = await app.command(team.rep.userId, '/discount', `${customer} 12% reason:leverage ${note}`);
    expect(reply.status).toBe(200);
    const [request] = await app.db
      .select({ id: discountRequests.id })
      .from(discountRequests)
      .where(like(discountRequests.justification, `%${note}%`));
    return request!.id;
  }

  /** The rep's DM messages that link to request `id`'s approval message, as Slack shows them. */
  const repNoticesFor = (id: number) =>
    app.slack.messages(team.rep.userId).filter((message) => JSON.stringify(message).includes(`#${id}`));

  it('is not claimed while the approval message it links to is still pending', async () => {
    app.slack.setDown(true);
    const id = await fileDiscount('Globex', 'linked-new');
    expect((await noticeOf(id)).waitsFor).toEqual([`approval:${id}:1`]);
    // The approval message is tried (and fails: opening its conversation) several times meanwhile.
    await app.slack.waitFor((call) => call.method === 'conversations.open' && call.failed === true);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const waiting = await noticeOf(id);
    expect({ attempts: waiting.attempts, lastError: waiting.lastError, claim: waiting.claimToken }).toEqual({
      attempts: 0,
      lastError: null,
      claim: null,
    });

    app.slack.setDown(false);
    await app.settle(20_000);
    expect((await noticeOf(id)).status).toBe('sent');
    const notices = repNoticesFor(id);
    expect(notices).toHaveLength(1);
    // It carries the link to the approval message, which exists now.
    expect(JSON.stringify(notices[0])).toContain('archives');
  }, 60_000);

  it('still waits when it was queued before the column existed (an earlier version’s row)', async () => {
    app.slack.setDown(true);
    const id = await fileDiscount('Initech', 'linked-old');
    await app.db
      .update(outbox)
      .set({ waitsFor: null })
      .where(eq(outbox.key, `discount:${id}:waiting:1`));
    await app.slack.waitFor((call) => call.method === 'conversations.open' && call.failed === true);
    // Claimed and handed back by the notifier: it says what it waits for.
    await expect
      .poll(async () => (await noticeOf(id)).lastError, { timeout: 10_000 })
      .toBe(`waiting for approval:${id}:1`);
    expect((await noticeOf(id)).status).toBe('pending');

    app.slack.setDown(false);
    await app.settle(20_000);
    expect((await noticeOf(id)).status).toBe('sent');
    expect(repNoticesFor(id)).toHaveLength(1);
    expect(JSON.stringify(repNoticesFor(id)[0])).toContain('archives');
  }, 60_000);
});
