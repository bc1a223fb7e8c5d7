import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxRows } from '../../src/app/outbox.ts';
import { discountRequests } from '../../src/db/schema.ts';
import { textMessage } from '../../src/messages/model.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * The update of a clicked message waits for that message alone, not for the posts queued after it
 * in the same conversation (src/app/outbox.ts, conversationKey): an approver clicking the first of a
 * burst of approval messages sees it change while the rest are still paced out, one a second.
 */
describe('a click on the first of several approval messages', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const CUSTOMERS = ['Globex', 'Initech', 'Hooli', 'Umbrella', 'Stark'];

  beforeAll(async () => {
    app = await startTestApp();
    team = await app.makeTeam();
    for (const name of CUSTOMERS) await app.makeCustomer({ name, ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  it('is answered before the posts queued after it in its conversation', async () => {
    await app.command(team.rep.userId, '/discount', 'Globex 12% reason:leverage first');
    await app.settle(10_000);
    const [first] = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) => JSON.stringify(call.args.blocks ?? []).includes(`"value":"${first!.id}:1"`))!;
    expect(posted).toBeDefined();

    // Four more requests to the same approver: their approval messages go to the same conversation,
    // paced at one a second.
    for (const name of CUSTOMERS.slice(1)) {
      const reply = await app.command(team.rep.userId, '/discount', `${name} 12% reason:leverage more`);
      expect(reply.status).toBe(200);
    }
    await app.click(team.supervisor.userId, 'approval.approve', `${first!.id}:1`, {
      channelId: posted.response.channel as string,
      messageTs: posted.response.ts as string,
    });
    const update = await app.slack.waitFor(
      (call) => call.method === 'chat.update' && call.args.ts === posted.response.ts,
      3000,
    );
    await app.settle(20_000);
    const laterPosts = app.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.seq > posted.seq && call.args.channel === posted.response.channel);
    expect(laterPosts.length).toBeGreaterThanOrEqual(4);
    // Before the last of them, which the conversation's pace holds back for seconds.
    expect(update.seq).toBeLessThan(laterPosts.at(-1)!.seq);
  }, 40_000);
});

describe('what an update and a thread reply queued together wait for', () => {
  it('the update waits for the message it changes; the thread reply for that update', () => {
    const rows = outboxRows(
      [
        {
          key: 'a:1:approved',
          platform: 'slack',
          target: { type: 'update', parentKey: 'a:1' },
          message: textMessage('approved'),
        },
        {
          key: 'a:1:note',
          platform: 'slack',
          target: { type: 'thread', parentKey: 'a:1' },
          message: textMessage('by Sam'),
        },
      ],
      new Map([['a:1', 'slack:group:U1,U2']]),
    ).map(({ row }) => ({ key: row.key, conversation: row.conversation, waitsFor: row.waitsFor }));
    expect(rows).toEqual([
      { key: 'a:1:approved', conversation: 'slack:message:a:1', waitsFor: ['a:1'] },
      { key: 'a:1:note', conversation: 'slack:group:U1,U2', waitsFor: ['a:1:approved'] },
    ]);
  });
});
