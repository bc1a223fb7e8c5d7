/**
 * Lark has no Home tab: the home is a card (README, "Home"), sent on `/home` or from the bot menu's
 * Home item, and updated in place while it is the latest home card the member was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME_REDRAW_DELAY_MS } from '../../src/app/home/home-refresh.ts';
import { LARK_ENCRYPT_KEY, startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardButtons, cardText } from '../support/lark-cards.ts';
import { botMenuEvent, postToLark } from '../support/lark-requests.ts';

describe('the home card in Lark', () => {
  let app: TestApp;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));
  const lark = () => app.lark!;
  const redrawn = async () => {
    await new Promise((resolve) => setTimeout(resolve, HOME_REDRAW_DELAY_MS + 200));
    await app.settle();
  };

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
    const supervisor = await app.makeMember({
      platform: 'lark',
      userId: 'ou_li',
      role: 'supervisor',
      name: '李主管',
      locale: 'zh-CN',
    });
    const rep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_mei',
      name: '张梅',
      managerId: supervisor.id,
      locale: 'zh-CN',
    });
    await app.makeCustomer({ name: '华为技术有限公司', tier: 'A', ownerId: rep.id });
    await app.makeCustomer({ name: '明辉贸易', tier: 'B', ownerId: rep.id });
  });
  afterAll(() => app?.stop());

  let homeCardId = '';

  it('answers /home (or 主页) with the member’s home as a card, in their language', async () => {
    await app.larkSay('ou_mei', '主页');
    await app.settle();
    const card = lark().messages('ou_mei').at(-1)!;
    expect(cardText(card)).toContain('AccountDesk——张梅');
    expect(cardText(card)).toContain('我的今天');
    expect(cardText(card)).toContain('华为技术有限公司');
    expect(cardButtons(card).map((b) => b.label)).toEqual(expect.arrayContaining(['记录拜访', 'English']));
    homeCardId = card.message_id;
  });

  it('updates that card in place after a visit, instead of sending another', async () => {
    const count = lark().messages('ou_mei').length;
    await app.larkSay('ou_mei', '/visit 明辉贸易 拜访了采购部');
    await app.settle();
    await redrawn();
    expect(cardText(lark().message(homeCardId))).toContain('本周拜访：1 次');
    // The visit's own confirmation came; no second home card did.
    expect(
      lark()
        .messages('ou_mei')
        .filter((m) => cardText(m).includes('我的今天')),
    ).toHaveLength(1);
    expect(lark().messages('ou_mei').length).toBe(count + 1);
  });

  it('keeps the card a home when Snooze is pressed in it', async () => {
    const snooze = cardButtons(lark().message(homeCardId)).find((b) => b.a === 'followup.snooze')!;
    const response = await app.larkClick('ou_mei', homeCardId, { a: snooze.a, v: snooze.v });
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.json())).toContain('我的今天');
  });

  it('switches language from the card’s buttons', async () => {
    const english = cardButtons(lark().message(homeCardId)).find((b) => b.label === 'English')!;
    const response = await app.larkClick('ou_mei', homeCardId, { a: english.a, v: english.v });
    expect(JSON.stringify(response.json())).toContain('My day');
  });

  it('sends a new home card from the bot menu, and from then on keeps that one current', async () => {
    const event = botMenuEvent({ openId: 'ou_mei', eventKey: 'home' });
    const post = () =>
      postToLark(app.service.url, '/lark/events', event, { encryptKey: LARK_ENCRYPT_KEY, encrypt: true });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200); // Lark redelivers: one card
    await app.settle();
    const homes = lark()
      .messages('ou_mei')
      .filter((m) => /My day|我的今天/.test(cardText(m)));
    expect(homes).toHaveLength(2);
    const latest = homes.at(-1)!;
    expect(latest.message_id).not.toBe(homeCardId);
    const oldText = cardText(lark().message(homeCardId));
    await app.larkSay('ou_mei', '/visit 华为技术有限公司 电话沟通 kind:电话');
    await app.settle();
    await redrawn();
    expect(cardText(lark().message(latest.message_id))).toContain('Visits this week: 2');
    expect(cardText(lark().message(homeCardId))).toBe(oldText);
  });

  it('ignores menu items that are not AccountDesk’s', async () => {
    const count = lark().messages('ou_mei').length;
    const event = botMenuEvent({ openId: 'ou_mei', eventKey: 'weather' });
    const response = await postToLark(app.service.url, '/lark/events', event, {
      encryptKey: LARK_ENCRYPT_KEY,
      encrypt: true,
    });
    expect(response.status).toBe(200);
    await app.settle();
    expect(lark().messages('ou_mei').length).toBe(count);
  });
});
