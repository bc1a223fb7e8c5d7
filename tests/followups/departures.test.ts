import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, members } from '../../src/db/schema.ts';
import {
  buttonsOf,
  LARK_ENCRYPT_KEY,
  replyText,
  startTestApp,
  type TestApp,
  TestClock,
} from '../support/harness.ts';
import { cardButtons, cardText } from '../support/lark-cards.ts';
import { postToLark, userDeletedEvent } from '../support/lark-requests.ts';
import { DEFAULT_TEAM_ID } from '../support/slack-requests.ts';

/** The directory says someone left: their manager is asked, and only a press hands the book over. */
describe('a member deactivated in Slack', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Leftover Ltd', tier: 'A', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Second Co', tier: 'C', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  let events = 0;
  const userChange = (userId: string, deleted: boolean) =>
    app.post(
      JSON.stringify({
        token: 'legacy',
        team_id: DEFAULT_TEAM_ID,
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: `Ev${++events}`,
        event_time: 1_700_000_000,
        event: {
          type: 'user_change',
          user: { id: userId, team_id: DEFAULT_TEAM_ID, name: 'riley', deleted, profile: {} },
          event_ts: '1700000000.000100',
        },
      }),
      { 'Content-Type': 'application/json' },
    );
  const asked = () =>
    app.slack
      .messages(`D${team.supervisor.userId}`)
      .filter((m) => replyText(m as { blocks?: unknown[] }).includes('has left the workspace'));
  const ownerOf = async (name: string) =>
    (await app.db.select().from(customers).where(eq(customers.name, name)))[0]?.ownerId;

  it('asks the manager with a button per candidate, and changes nothing until one is pressed', async () => {
    expect((await userChange(team.rep.userId, false)).status).toBe(200);
    await app.settle();
    expect(asked()).toHaveLength(0);

    expect((await userChange(team.rep.userId, true)).status).toBe(200);
    await app.settle();
    // A redelivery (or a second profile change) asks nothing twice.
    await userChange(team.rep.userId, true);
    await app.settle();
    expect(asked()).toHaveLength(1);
    const message = asked()[0]!;
    expect(replyText(message as { blocks?: unknown[] })).toContain(
      'Riley Rep has left the workspace. Hand over their 2 customers',
    );
    expect(buttonsOf(message.blocks).map((b) => b.text)).toEqual([
      'Hand over to Sam Supervisor',
      'Hand over to Olive Other',
    ]);
    expect(await ownerOf('Leftover Ltd')).toBe(team.rep.id);
    const [riley] = await app.db.select().from(members).where(eq(members.id, team.rep.id));
    expect(riley?.active).toBe(true);

    // Only someone above the leaver may press it.
    const toOlive = buttonsOf(message.blocks).find((b) => b.text === 'Hand over to Olive Other')!;
    const byRep = await app.click(team.other.userId, toOlive.actionId, toOlive.value, {
      channelId: message.channel,
      messageTs: message.ts,
    });
    await app.settle();
    expect(
      JSON.stringify(app.slack.callsTo('response_url').find((c) => c.tag === byRep.tag)?.args),
    ).toContain('Only a supervisor, director or admin');
    expect(await ownerOf('Leftover Ltd')).toBe(team.rep.id);

    const pressed = await app.click(team.supervisor.userId, toOlive.actionId, toOlive.value, {
      channelId: message.channel,
      messageTs: message.ts,
    });
    await app.settle();
    expect(
      JSON.stringify(app.slack.callsTo('response_url').find((c) => c.tag === pressed.tag)?.args),
    ).toContain('Riley Rep has left: 2 customers handed over to Olive Other (2)');
    expect(await ownerOf('Leftover Ltd')).toBe(team.other.id);
    expect(replyText(app.slack.messages(`D${team.other.userId}`).at(-1) as { blocks?: unknown[] })).toContain(
      'Riley Rep has left the team. 2 of their customers are now yours',
    );
  });
});

describe('a member deleted in Lark', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(new Date('2026-11-23T02:00:00Z')), lark: true });
    const boss = await app.makeMember({
      platform: 'lark',
      userId: 'ou_boss',
      role: 'supervisor',
      name: '王经理',
      locale: 'zh-CN',
    });
    const rep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_gone',
      name: '李离',
      managerId: boss.id,
    });
    await app.makeCustomer({ name: '华南贸易', tier: 'B', ownerId: rep.id });
  });
  afterAll(() => app?.stop());

  it('asks the manager in Chinese, and hands over when the button is pressed', async () => {
    const event = userDeletedEvent({ openId: 'ou_gone', name: '李离' });
    const post = () =>
      postToLark(app.service.url, '/lark/events', event, { encryptKey: LARK_ENCRYPT_KEY, encrypt: true });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200); // Lark redelivers: one question
    await app.settle();
    const cards = app.lark!.messages('ou_boss').filter((m) => cardText(m).includes('已离开工作区'));
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0])).toContain('李离已离开工作区。请将其 1 个客户（将逐一回访）转交给：');
    const button = cardButtons(cards[0]).find((b) => b.label === '转交给王经理')!;
    const pressed = await app.larkClick('ou_boss', cards[0]!.message_id, { a: button.a, v: button.v });
    expect(JSON.stringify(pressed.json())).toContain('李离已离职：1 个客户已转交给王经理（1）');
    const [row] = await app.db.select().from(customers).where(eq(customers.name, '华南贸易'));
    const [boss] = await app.db.select().from(members).where(eq(members.userId, 'ou_boss'));
    expect(row?.ownerId).toBe(boss!.id);
  });
});
