import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/app/outbox.ts';
import { outbox } from '../../src/db/schema.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * A row claimed again after its process died during the call (attempt_started_at still set): Lark
 * drops a repeat of the same uuid within an hour, so it is resent inside that window and given up
 * loudly outside it, never sent blind.
 */
describe('a Lark message whose earlier attempt may have landed', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ lark: true });
    await app.makeMember({ platform: 'lark', userId: 'ou_rep', name: 'Lark Rep' });
    await app.service.outbox.stop();
  });
  afterAll(() => app?.stop());

  const queue = async (key: string, startedMinutesAgo: number) => {
    await enqueue(app.db, [
      { key, platform: 'lark', target: { type: 'dm', userId: 'ou_rep' }, message: { text: key, blocks: [] } },
    ]);
    await app.db
      .update(outbox)
      .set({ attemptStartedAt: sql`now() - make_interval(mins => ${startedMinutesAgo})`, attempts: 1 })
      .where(eq(outbox.key, key));
  };
  const row = async (key: string) => (await app.db.select().from(outbox).where(eq(outbox.key, key)))[0]!;
  const sentWith = (key: string) =>
    app.lark!.callsTo('im.message.create').filter((call) => JSON.stringify(call.args).includes(key));

  it('resends within the uuid window, where Lark drops a repeat: one message', async () => {
    await queue('unknown:recent', 5);
    await app.settle();
    expect((await row('unknown:recent')).status).toBe('sent');
    expect(sentWith('unknown:recent')).toHaveLength(1);
  });

  it('gives up loudly past the window instead of risking a second copy', async () => {
    await queue('unknown:old', 120);
    await app.service.outbox.drain();
    const stored = await row('unknown:old');
    expect(stored.status).toBe('failed');
    expect(stored.lastError).toContain('one-hour uuid window');
    expect(sentWith('unknown:old')).toEqual([]);
  });

  it('clears the mark once an outcome is recorded, so a later retry is an ordinary one', async () => {
    await enqueue(app.db, [
      {
        key: 'fresh:one',
        platform: 'lark',
        target: { type: 'dm', userId: 'ou_rep' },
        message: { text: 'x', blocks: [] },
      },
    ]);
    await app.settle();
    const stored = await row('fresh:one');
    expect(stored.status).toBe('sent');
    expect(stored.attemptStartedAt).toBeNull();
  });
});
