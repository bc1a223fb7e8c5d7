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

describe('a Slack message whose earlier attempt may have landed', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp();
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Globex', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  const row = async (key: string) => (await app.db.select().from(outbox).where(eq(outbox.key, key)))[0]!;
  /** The state a process killed after Slack took the post, before the row was marked sent, leaves. */
  const asIfKilledAfterThePost = (key: string) =>
    app.db
      .update(outbox)
      .set({
        status: 'pending',
        ref: null,
        sentAt: null,
        attemptStartedAt: sql`now() - interval '20 seconds'`,
      })
      .where(eq(outbox.key, key));
  const postsCarrying = (key: string) =>
    app.slack
      .callsTo('chat.postMessage')
      .filter((call) => !call.failed && JSON.stringify(call.args.metadata ?? {}).includes(key));

  it('carries the outbox key in message metadata, finds the landed message and does not post it again', async () => {
    await app.command(team.rep.userId, '/discount', 'Globex 12% reason:leverage landed check');
    await app.settle();
    const [request] = await app.db.select().from(outbox).where(sql`${outbox.key} like 'approval:%:1'`);
    const key = request!.key;
    const waiting = `discount:${key.split(':')[1]}:waiting:1`;
    expect(postsCarrying(key)).toHaveLength(1);
    expect(postsCarrying(waiting)).toHaveLength(1);
    const first = await row(key);

    await asIfKilledAfterThePost(key);
    await asIfKilledAfterThePost(waiting);
    await app.settle();

    // Both found where they landed (the group and the rep's DM): marked sent, with the same message.
    expect(postsCarrying(key)).toHaveLength(1);
    expect(postsCarrying(waiting)).toHaveLength(1);
    const again = await row(key);
    expect(again.status).toBe('sent');
    expect(again.ref).toEqual(first.ref);
    expect((await row(waiting)).status).toBe('sent');
    expect(app.slack.callsTo('conversations.history').length).toBeGreaterThanOrEqual(2);
  });

  it('finds a thread reply that landed (conversations.replies) and does not post it again', async () => {
    await app.command(team.rep.userId, '/discount', 'Globex 14% reason:leverage thread check');
    await app.settle();
    const rows = await app.db.select().from(outbox).where(sql`${outbox.key} like 'approval:%:1'`);
    const key = rows.map((r) => r.key).sort((a, b) => Number(b.split(':')[1]) - Number(a.split(':')[1]))[0]!;
    const [requestId] = key.split(':').slice(1, 2);
    await app.click(team.supervisor.userId, 'approval.approve', `${requestId}:1`);
    await app.settle();
    const threadRow = (await app.db.select().from(outbox).where(sql`${outbox.key} like '%:thread'`)).find(
      (row) => (row.target as { parentKey?: string }).parentKey === key,
    );
    expect(threadRow?.status).toBe('sent');
    const before = postsCarrying(threadRow!.key).length;
    expect(before).toBe(1);

    await asIfKilledAfterThePost(threadRow!.key);
    await app.settle();
    expect(postsCarrying(threadRow!.key)).toHaveLength(1);
    expect((await row(threadRow!.key)).status).toBe('sent');
    expect(app.slack.callsTo('conversations.replies').length).toBeGreaterThan(0);
  });

  it('keeps looking when the lookup itself fails: a failed try does not forget the earlier one', async () => {
    await app.command(team.rep.userId, '/discount', 'Globex 16% reason:leverage lookup fails');
    await app.settle();
    const rows = await app.db.select().from(outbox).where(sql`${outbox.key} like 'approval:%:1'`);
    const key = rows.map((r) => r.key).sort((a, b) => Number(b.split(':')[1]) - Number(a.split(':')[1]))[0]!;
    expect(postsCarrying(key)).toHaveLength(1);
    await asIfKilledAfterThePost(key);
    // The first look into the conversation fails: that try ends without an outcome for the post.
    app.slack.failNext('conversations.history', { status: 500 });
    await app.settle(10_000);
    expect(app.slack.callsTo('conversations.history').filter((call) => call.failed).length).toBeGreaterThan(
      0,
    );
    expect(postsCarrying(key)).toHaveLength(1);
    expect((await row(key)).status).toBe('sent');
  });

  it('posts when the earlier attempt did not land', async () => {
    await app.service.outbox.stop();
    await enqueue(app.db, [
      {
        key: 'never:landed',
        platform: 'slack',
        target: { type: 'dm', userId: team.rep.userId },
        message: { text: 'hello', blocks: [] },
      },
    ]);
    await app.db
      .update(outbox)
      .set({ attemptStartedAt: sql`now() - interval '5 seconds'` })
      .where(eq(outbox.key, 'never:landed'));
    await app.settle();
    expect((await row('never:landed')).status).toBe('sent');
    expect(postsCarrying('never:landed')).toHaveLength(1);
  });

  it('posts again, as before, when the app was installed without the history scopes', async () => {
    await app.service.outbox.stop();
    await enqueue(app.db, [
      {
        key: 'no:history',
        platform: 'slack',
        target: { type: 'dm', userId: team.rep.userId },
        message: { text: 'hello again', blocks: [] },
      },
    ]);
    await app.db
      .update(outbox)
      .set({ attemptStartedAt: sql`now() - interval '5 seconds'` })
      .where(eq(outbox.key, 'no:history'));
    app.slack.failNext('conversations.history', { error: 'missing_scope', needed: 'im:history' });
    await app.settle();
    const stored = await row('no:history');
    expect(stored.status).toBe('sent');
    expect(stored.lastError).toBeNull();
    expect(postsCarrying('no:history')).toHaveLength(1);
    // Looked for (and looks again if the row waits for its channel's pace meanwhile: still unknown).
    expect(app.slack.callsTo('conversations.history').some((call) => call.failed)).toBe(true);
  });
});
