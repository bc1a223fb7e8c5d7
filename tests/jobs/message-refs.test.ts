import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.ts';
import { textMessage } from '../../src/messages/model.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * A thread reply or an update goes where its parent message landed. The worker remembers where the
 * messages it sent itself landed, and reads the parent's outbox row only for one it did not send
 * (another instance's, or one sent before a restart).
 */
describe('where a linked message goes', () => {
  let app: TestApp;
  /** Statements that read a parent's outbox row by its key. */
  const parentReads: string[] = [];
  beforeAll(async () => {
    app = await startTestApp();
    const client = (app.db as unknown as { $client: Record<string, unknown> }).$client;
    for (const method of ['query', 'unsafe']) {
      const original = client[method];
      if (typeof original !== 'function') continue;
      client[method] = (...args: unknown[]) => {
        const text = String(args[0]);
        if (/select "ref", "status" from "outbox" where "outbox"."key" = /.test(text)) parentReads.push(text);
        return (original as (...a: unknown[]) => unknown).apply(client, args);
      };
    }
  });
  afterAll(() => app?.stop());

  const replyUnder = (parentKey: string, key: string, text: string) => ({
    key,
    platform: 'slack' as const,
    target: { type: 'thread' as const, parentKey },
    message: textMessage(text),
  });

  /** Where Slack put the post of this text. */
  const postOf = (text: string) =>
    app.slack.callsTo('chat.postMessage').find((call) => call.args.text === text)!.response as {
      channel: string;
      ts: string;
    };

  it('replies under a message this process posted without reading its row again', async () => {
    await app.deliver([
      {
        key: 'refs:parent',
        platform: 'slack',
        target: { type: 'dm', userId: 'UREF1' },
        message: textMessage('parent'),
      },
      replyUnder('refs:parent', 'refs:reply', 'reply'),
    ]);
    const parent = postOf('parent');
    const reply = app.slack.messages(parent.channel).find((message) => message.text === 'reply');
    expect(reply?.thread_ts).toBe(parent.ts);
    expect(parentReads).toEqual([]);
  });

  it('reads the row of a parent another instance sent, and replies under it', async () => {
    const posted = postOf('parent');
    await app.db.insert(outbox).values({
      key: 'refs:elsewhere',
      platform: 'slack',
      target: { type: 'dm', userId: 'UREF1' },
      message: textMessage('parent'),
      status: 'sent',
      ref: { channel: posted.channel, ts: posted.ts },
      sentAt: new Date(),
    });
    await app.deliver([replyUnder('refs:elsewhere', 'refs:reply-2', 'second reply')]);
    const reply = app.slack.messages(posted.channel).find((message) => message.text === 'second reply');
    expect(reply?.thread_ts).toBe(posted.ts);
    // Read (once per try: the reply may wait for its conversation's pace and come back).
    expect(parentReads.length).toBeGreaterThan(0);
  });
});
