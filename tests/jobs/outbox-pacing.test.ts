import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textMessage } from '../../src/messages/model.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

describe('outbox pacing for Slack', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  it('sends at most one message per second to one conversation, others in between', async () => {
    await app.deliver([
      {
        key: 'pace:1',
        platform: 'slack',
        target: { type: 'dm', userId: 'UPACE1' },
        message: textMessage('one'),
      },
      {
        key: 'pace:2',
        platform: 'slack',
        target: { type: 'dm', userId: 'UPACE1' },
        message: textMessage('two'),
      },
      {
        key: 'pace:3',
        platform: 'slack',
        target: { type: 'dm', userId: 'UPACE2' },
        message: textMessage('other'),
      },
      {
        key: 'pace:4',
        platform: 'slack',
        target: { type: 'dm', userId: 'UPACE1' },
        message: textMessage('three'),
      },
    ]);
    const toFirst = app.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UPACE1');
    expect(toFirst.map((c) => c.args.text)).toEqual(['one', 'two', 'three']);
    expect(toFirst[1]!.at - toFirst[0]!.at).toBeGreaterThanOrEqual(950);
    expect(toFirst[2]!.at - toFirst[1]!.at).toBeGreaterThanOrEqual(950);
    // The other conversation does not wait behind the first one's pace.
    const toSecond = app.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'UPACE2')!;
    expect(toSecond.seq).toBeLessThan(toFirst[1]!.seq);
  });
});
