/**
 * The team currency and the cut in money, end to end: what `/discount Acme 10% on 120000` shows the
 * approver (Slack message, Lark card) and tells the rep, in English and in Chinese, in CNY and USD.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import { discountRequests, larkGroupChats } from '../../src/db/schema.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardText } from '../support/lark-cards.ts';

const latestRequestId = async (app: TestApp) => {
  const rows = await app.db.select({ id: discountRequests.id }).from(discountRequests);
  return Math.max(...rows.map((row) => row.id));
};

describe('amounts in the team currency over Slack', () => {
  let app: TestApp;
  let en: Awaited<ReturnType<TestApp['makeTeam']>>;
  let zh: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    en = await app.makeTeam();
    zh = await app.makeTeam('zh-CN');
    await app.makeCustomer({ name: 'Acme', tier: 'A', ownerId: en.rep.id });
    await app.makeCustomer({ name: 'Initech', tier: 'A', ownerId: en.rep.id });
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: zh.rep.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    app.slack.reset();
  });

  /** The approval message of a request's first step, as its approver sees it now. */
  function approvalText(requestId: number): string {
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find(
        (call) =>
          !call.failed && buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${requestId}:1`),
      );
    if (!posted) throw new Error(`no approval message for ${requestId}`);
    const message = app.slack
      .messages(posted.response.channel as string)
      .find((m) => m.ts === posted.response.ts);
    return replyText(message as { blocks?: unknown[] });
  }

  it('shows the currency and the cut in money to the approver and the rep, in English', async () => {
    const reply = await app.command(
      en.rep.userId,
      '/discount',
      'Acme 10% on 120000 reason:competitor lower quote',
    );
    expect(replyText(reply.body)).toContain('That is CNY 12,000 off CNY 120,000: CNY 108,000.');
    await app.settle();
    const shown = approvalText(await latestRequestId(app));
    expect(shown).toContain('CNY 120,000'); // deal amount
    expect(shown).toContain('10% (CNY 12,000 off)');
    expect(shown).toContain('CNY 108,000'); // resulting price
  });

  it('shows them in Chinese with ¥, spaced from the Chinese text', async () => {
    const reply = await app.command(
      zh.rep.userId,
      '/discount',
      'Globex 10% on 120000 reason:competitor 对手报价更低',
    );
    expect(replyText(reply.body)).toContain('即在 ¥120,000 上让利 ¥12,000，成交价 ¥108,000。');
    await app.settle();
    const shown = approvalText(await latestRequestId(app));
    expect(shown).toContain('¥120,000');
    expect(shown).toContain('10%（让利 ¥12,000）');
    expect(shown).toContain('¥108,000');
    expect(shown).not.toContain('CNY');
  });

  it('says the percent alone when the amount is unknown', async () => {
    const reply = await app.command(en.rep.userId, '/discount', 'Initech 10% reason:competitor lower quote');
    expect(replyText(reply.body)).not.toContain('That is');
    await app.settle();
    const shown = approvalText(await latestRequestId(app));
    expect(shown).not.toContain('CNY');
    expect(shown).not.toContain(' off)');
  });

  it('writes the team’s own currency once it is set: USD', async () => {
    await updateSetting(app.db, 'currency', 'USD');
    try {
      const reply = await app.command(
        en.rep.userId,
        '/discount',
        'Initech 12% on 50000.5 reason:competitor lower',
      );
      expect(replyText(reply.body)).toContain('That is USD 6,000.06 off USD 50,000.50: USD 44,000.44.');
      await app.settle();
      const shown = approvalText(await latestRequestId(app));
      expect(shown).toContain('USD 50,000.50');
      expect(shown).toContain('12% (USD 6,000.06 off)');
      expect(shown).not.toContain('CNY');
    } finally {
      await updateSetting(app.db, 'currency', 'CNY');
    }
  });
});

describe('amounts in the team currency on Lark cards', () => {
  let app: TestApp;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
    const zhBoss = await app.makeMember({
      platform: 'lark',
      userId: 'ou_zh_boss',
      role: 'supervisor',
      name: '李主管',
      locale: 'zh-CN',
    });
    const enBoss = await app.makeMember({
      platform: 'lark',
      userId: 'ou_en_boss',
      role: 'supervisor',
      name: 'Sam Supervisor',
      locale: 'en',
    });
    const zhRep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_zh_rep',
      name: 'Riley Rep',
      managerId: zhBoss.id,
    });
    const enRep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_en_rep',
      name: 'Olive Other',
      managerId: enBoss.id,
    });
    await app.makeCustomer({ name: 'Acme', tier: 'A', ownerId: zhRep.id });
    await app.makeCustomer({ name: 'Globex', tier: 'A', ownerId: enRep.id });
  });
  afterAll(() => app?.stop());

  /** The last card in the group chat of a rep and their approver. */
  const lastInChat = async (members: string) => {
    const [row] = await app.db.select().from(larkGroupChats).where(eq(larkGroupChats.members, members));
    return row ? app.lark!.messages(row.chatId).at(-1) : undefined;
  };

  it('shows a Chinese approver ¥ and the cut on the card', async () => {
    await app.larkSay('ou_zh_rep', '/discount Acme 10% on 120000 reason:competitor lower quote');
    await app.settle();
    const card = cardText((await lastInChat('ou_zh_boss,ou_zh_rep'))!);
    expect(card).toContain('¥120,000');
    expect(card).toContain('10%（让利 ¥12,000）');
    expect(card).toContain('¥108,000');
    // The rep reads English: the same request in codes.
    expect(app.lark!.messages('ou_zh_rep').map(cardText)).toContainEqual(
      expect.stringContaining('That is CNY 12,000 off CNY 120,000: CNY 108,000.'),
    );
  });

  it('shows an English approver the code and the cut on the card', async () => {
    await app.larkSay('ou_en_rep', '/discount Globex 10% on 120000 reason:competitor lower quote');
    await app.settle();
    const card = cardText((await lastInChat('ou_en_boss,ou_en_rep'))!);
    expect(card).toContain('CNY 120,000');
    expect(card).toContain('10% (CNY 12,000 off)');
    expect(card).toContain('CNY 108,000');
  });
});
