import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discountRequests } from '../../src/db/schema.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * The answer to a click — the update of the approval message the approver is looking at — goes out
 * in a lane of its own (src/jobs/outbox-rows.ts, OutboxLaneKind): a backlog of posts waiting for
 * the platform's pace, or one slow post, never holds it up.
 */
describe('answers to clicks go out beside the backlog of posts', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  let second: Awaited<ReturnType<TestApp['makeMember']>>;

  beforeAll(async () => {
    // One delivery in hand per lane: a single slow post fills the lane of posts.
    app = await startTestApp({ outbox: { concurrency: 1 } });
    team = await app.makeTeam();
    second = await app.makeMember({ name: 'Second Rep', managerId: team.supervisor.id });
    await app.makeCustomer({ name: 'Globex', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Initech', ownerId: second.id });
  });
  afterAll(() => app?.stop());

  const buttonValue = (id: number) => `"value":"${id}:1"`;

  it('updates the clicked approval message while a post is still waiting for Slack', async () => {
    await app.command(team.rep.userId, '/discount', 'Globex 12% reason:leverage first');
    await app.settle(10_000);
    const [first] = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) => JSON.stringify(call.args.blocks ?? []).includes(buttonValue(first!.id)))!;

    // The next post lands but Slack's answer takes 4 s: the lane of posts is busy meanwhile.
    app.slack.holdNextAnswer('chat.postMessage', 4000);
    await app.command(second.userId, '/discount', 'Initech 12% reason:leverage second');
    const held = await app.slack.waitFor(
      (call) => call.method === 'chat.postMessage' && call.seq > posted.seq,
      5000,
    );
    const clicked = Date.now();
    await app.click(team.supervisor.userId, 'approval.approve', `${first!.id}:1`, {
      channelId: posted.response.channel as string,
      messageTs: posted.response.ts as string,
    });
    const update = await app.slack.waitFor(
      (call) => call.method === 'chat.update' && call.args.ts === posted.response.ts,
      3000,
    );
    expect(update.seq).toBeGreaterThan(held.seq);
    // Well before the held post is answered.
    expect(Date.now() - clicked).toBeLessThan(3000);
    await app.settle(15_000);
  }, 30_000);
});
