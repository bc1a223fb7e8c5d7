import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { customers } from '../../src/db/schema.ts';
import { normalizeName } from '../../src/domain/customer-match.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardButtons, cardText } from '../support/lark-cards.ts';

type Toast = { toast: { type: string; content: string }; card?: { data: unknown } };

/** `/customer 新增` typed in Lark, in Chinese: the same rules as Slack, buttons and form cards. */
describe('prospects from chat in Lark', () => {
  let app: TestApp;
  const lark = () => app.lark!;
  // Thursday 19 Nov 2026, 19:30 in Berlin (the rep's zone), already Friday in Shanghai.
  const clock = new TestClock(new Date('2026-11-19T18:30:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
    const supervisor = await app.makeMember({
      platform: 'lark',
      userId: 'ou_sup',
      role: 'supervisor',
      name: '李主管',
      locale: 'zh-CN',
    });
    await app.makeMember({
      platform: 'lark',
      userId: 'ou_rep',
      name: '陈锐',
      managerId: supervisor.id,
      locale: 'zh-CN',
      timezone: 'Europe/Berlin',
    });
    const outsider = await app.makeMember({
      platform: 'lark',
      userId: 'ou_out',
      name: '王五',
      locale: 'zh-CN',
    });
    await app.makeCustomer({ name: 'Acme Ltd', tier: 'A', ownerId: outsider.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    lark().reset();
  });

  /** Types `text` as the rep and returns the card they get back. */
  async function say(text: string) {
    await app.larkSay('ou_rep', text);
    await app.settle();
    return lark().messages('ou_rep').at(-1)!;
  }
  const named = async (name: string) =>
    app.db
      .select()
      .from(customers)
      .where(eq(customers.nameKey, normalizeName(name)));

  it('creates a prospect with a tier, due on the rep’s next working day in their zone', async () => {
    const card = await say('/customer 新增 上海明辉贸易有限公司 tier:B');
    expect(cardText(card)).toContain(
      '已将“上海明辉贸易有限公司”新增为你的潜在客户（B 级），首次跟进日为 2026-11-20。',
    );
    expect((await named('上海明辉贸易有限公司'))[0]).toMatchObject({
      tier: 'B',
      status: 'prospect',
      nextFollowUpOn: '2026-11-20',
      assignedOn: '2026-11-19',
    });
    // The Chinese command word and 添加 work alike; a bad tier is refused in Chinese.
    const bad = await say('客户 添加 深圳星河电子 tier:E');
    expect(cardText(bad)).toContain('未知的级别“E”，请用 tier:A、tier:B、tier:C 或 tier:D。');
    expect(await named('深圳星河电子')).toHaveLength(0);
  });

  it('offers close names first; Create anyway creates, Use this one shows the card', async () => {
    const card = await say('/customer 添加 上海明辉贸易（集团）');
    const text = cardText(card);
    expect(text).toContain('已有与“上海明辉贸易（集团）”名称相近的客户，是其中之一吗？');
    expect(text).toContain('上海明辉贸易有限公司（B 级，潜在客户）—— 负责人：陈锐');
    const buttons = cardButtons(card);
    expect(buttons.map((b) => b.label)).toEqual(['就是这个', '仍然新增“上海明辉贸易（集团）”']);

    const used = await app.larkClick('ou_rep', card.message_id, { a: buttons[0]!.a, v: buttons[0]!.v });
    const shown = JSON.stringify(used.json<Toast>().card);
    expect(shown).toContain('近期拜访');
    expect(shown).not.toContain('仍然新增');
    expect(await named('上海明辉贸易（集团）')).toHaveLength(0);

    const created = await app.larkClick('ou_rep', card.message_id, { a: buttons[1]!.a, v: buttons[1]!.v });
    expect(created.json<Toast>().toast.content).toBe(
      '已将“上海明辉贸易（集团）”新增为你的潜在客户（D 级），首次跟进日为 2026-11-20。',
    );
    expect(await named('上海明辉贸易（集团）')).toHaveLength(1);
  });

  it('names someone else’s customer only as existing, across full-width forms', async () => {
    const near = await say('/customer 新增 ＡＣＭＥ 有限公司');
    expect(cardText(near)).toContain('已有同名客户，请咨询你的主管。');
    expect(cardText(near)).not.toContain('王五');
    expect(cardText(near)).not.toContain('Acme Ltd');
    expect(cardButtons(near).map((b) => b.label)).toEqual(['仍然新增“ＡＣＭＥ 有限公司”']);
    const exact = await say('/customer 新增 ＡＣＭＥ ＬＴＤ');
    expect(cardText(exact)).toContain('已有同名客户，请咨询你的主管。未新增任何客户。');
    expect(cardButtons(exact)).toEqual([]);
    expect(await named('ＡＣＭＥ 有限公司')).toHaveLength(0);
  });

  it('refuses the rep’s own exact duplicate with its card', async () => {
    const card = await say('/customer 新增 上海明辉贸易有限公司');
    expect(cardText(card)).toContain('客户“上海明辉贸易有限公司”已存在，未重复新增。');
    expect(cardText(card)).toContain('陈锐');
    expect(await named('上海明辉贸易有限公司')).toHaveLength(1);
  });

  it('adds from the form card under a name that matched nothing', async () => {
    const missing = await say('/customer 杭州云栖科技');
    expect(cardText(missing)).toContain('没有找到与“杭州云栖科技”匹配的客户。');
    const [button] = cardButtons(missing);
    expect(button).toMatchObject({ a: 'prospect.form', v: '杭州云栖科技', label: '新增为潜在客户' });
    const opened = await app.larkClick('ou_rep', missing.message_id, { a: button!.a, v: button!.v });
    expect(opened.json<Toast>().toast.content).toBe('新增潜在客户');
    await app.settle();
    const form = lark().messages('ou_rep').at(-1)!;
    expect(JSON.stringify(form.content)).toContain('杭州云栖科技');

    const submit = { a: 'form.submit', form: 'prospect_form' };
    const duplicate = await app.larkClick('ou_rep', form.message_id, submit, {
      formValue: { name: '上海明辉贸易有限公司', tier: 'C' },
    });
    expect(duplicate.json<Toast>().toast).toMatchObject({
      type: 'error',
      content: '客户“上海明辉贸易有限公司”已存在，未重复新增。',
    });
    // The form comes back with what was typed, the reason under the name.
    expect(JSON.stringify(duplicate.json<Toast>().card)).toContain('客户“上海明辉贸易有限公司”已存在');

    const created = await app.larkClick('ou_rep', form.message_id, submit, {
      formValue: { name: '杭州云栖科技', tier: 'C' },
    });
    expect(created.json<Toast>().toast).toMatchObject({
      type: 'success',
      content: '已将“杭州云栖科技”新增为你的潜在客户（C 级），首次跟进日为 2026-11-20。',
    });
    expect((await named('杭州云栖科技'))[0]).toMatchObject({ tier: 'C', status: 'prospect' });
  });

  it('lists the new prospects in the supervisor’s digest, in Chinese', async () => {
    await app.tick('2026-11-23T00:30:00Z');
    const digest = lark()
      .messages('ou_sup')
      .map(cardText)
      .find((text) => text.includes('团队日报'));
    expect(digest).toContain(
      '新增潜在客户（3 个）\n陈锐：上海明辉贸易有限公司、上海明辉贸易（集团）、杭州云栖科技',
    );
  });
});
