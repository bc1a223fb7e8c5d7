import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textMessage } from '../../src/messages/model.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * A group conversation (a rep, their approver and the bot) is opened with conversations.open. Slack
 * answers the same conversation for the same members, so the service asks once per process — not
 * before every post, nor every time a paced row comes back to wait for its slot.
 */
describe('group conversations in Slack', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  const group = (userIds: string[], key: string, text: string) => ({
    key,
    platform: 'slack' as const,
    target: { type: 'group' as const, userIds, fallbackUserId: userIds[0]! },
    message: textMessage(text),
  });
  const opensFor = (users: string) =>
    app.slack.callsTo('conversations.open').filter((call) => call.args.users === users);
  const textsIn = (channel: string) => app.slack.messages(channel).map((message) => message.text);

  it('opens the conversation once for several posts, paced, in order', async () => {
    await app.deliver([
      group(['UGRP1', 'UGRP2'], 'grp:1', 'first'),
      group(['UGRP1', 'UGRP2'], 'grp:2', 'second'),
      group(['UGRP1', 'UGRP2'], 'grp:3', 'third'),
    ]);
    const opens = opensFor('UGRP1,UGRP2');
    expect(opens).toHaveLength(1);
    const channel = (opens[0]!.response as { channel: { id: string } }).channel.id;
    expect(textsIn(channel)).toEqual(['first', 'second', 'third']);
    const posts = app.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === channel);
    // Paced at one a second: the second and third came back to wait, without opening again.
    expect(posts[2]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1900);
  });

  it('opens it again when Slack says the conversation it had is gone, and posts there', async () => {
    await app.deliver([group(['UGRP3', 'UGRP4'], 'grp:4', 'before')]);
    expect(opensFor('UGRP3,UGRP4')).toHaveLength(1);

    app.slack.failNext('chat.postMessage', { error: 'is_archived' });
    await app.deliver([group(['UGRP3', 'UGRP4'], 'grp:5', 'after')]);
    const opens = opensFor('UGRP3,UGRP4');
    expect(opens).toHaveLength(2);
    const channel = (opens[1]!.response as { channel: { id: string } }).channel.id;
    expect(textsIn(channel)).toEqual(['before', 'after']);
  });

  it('gives a post up when the conversation it just opened is refused (nothing cached to forget)', async () => {
    app.slack.failNext('chat.postMessage', { error: 'is_archived' });
    await app.deliver([group(['UGRP5', 'UGRP6'], 'grp:6', 'refused')]);
    const opens = opensFor('UGRP5,UGRP6');
    expect(opens).toHaveLength(1);
    const channel = (opens[0]!.response as { channel: { id: string } }).channel.id;
    expect(textsIn(channel)).toEqual([]);
  });
});
