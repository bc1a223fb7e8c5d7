import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalSteps, discountRequests, members } from '../../src/db/schema.ts';
import { FAKE_LARK_BOT_NAME, FAKE_LARK_BOT_OPEN_ID } from '../support/fake-lark.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardButtons, cardText } from '../support/lark-cards.ts';

/** Away in Lark: the delegate is @-mentioned in the message; the members here read Chinese. */
describe('away and back in Lark, in Chinese', () => {
  let app: TestApp;
  const lark = () => app.lark!;
  let supervisorId: number;
  let patId: number;

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(new Date('2026-11-23T02:00:00Z')), lark: true });
    const director = await app.makeMember({
      platform: 'lark',
      userId: 'ou_director',
      role: 'director',
      name: '王总监',
      locale: 'zh-CN',
    });
    const supervisor = await app.makeMember({
      platform: 'lark',
      userId: 'ou_supervisor',
      role: 'supervisor',
      name: '李主管',
      managerId: director.id,
      locale: 'zh-CN',
    });
    const pat = await app.makeMember({
      platform: 'lark',
      userId: 'ou_pat',
      role: 'supervisor',
      name: '张代理',
      managerId: director.id,
      locale: 'zh-CN',
    });
    const rep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_rep',
      name: 'Riley Rep',
      managerId: supervisor.id,
    });
    supervisorId = supervisor.id;
    patId = pat.id;
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: rep.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    lark().reset();
  });

  const said = async (openId: string) => {
    await app.settle();
    return cardText(lark().messages(openId).at(-1));
  };
  /** The approval card in the group chat of the rep and this approver. */
  const approvalCard = (openId: string, id: number) =>
    lark()
      .messages(lark().chatOf('ou_rep', openId)?.chat_id ?? openId)
      .find((m) => cardButtons(m).some((b) => b.a === 'approval.approve' && b.v === `${id}:1`));

  it('hands the waiting approval to the mentioned delegate and says so in Chinese', async () => {
    await app.larkSay('ou_rep', '/discount Globex 10% on 50000 reason:competitor a lower quote');
    await app.settle();
    const [request] = (await app.db.select().from(discountRequests)).sort((a, b) => b.id - a.id);
    const id = request!.id;
    const old = approvalCard('ou_supervisor', id)!;

    await app.larkSay('ou_supervisor', '/accountdesk away 2026-12-15 @_user_1', {
      mentions: [{ openId: 'ou_pat', name: '张代理' }],
    });
    expect(await said('ou_supervisor')).toContain(
      '你 2026-11-23 至 2026-12-15 不在岗，你的审批转给张代理。已转交 1 个待审批申请。',
    );

    const patched = lark().message(old.message_id)!;
    expect(cardButtons(patched)).toEqual([]);
    expect(cardText(patched)).toContain('李主管离开至 2026-12-15，已转交张代理审批');
    const fresh = approvalCard('ou_pat', id)!;
    expect(cardText(fresh)).toContain('李主管离开至 2026-12-15，由你代为审批。');
    // Chinese labels take the full-width colon, whatever language the value is in.
    expect(cardText(fresh)).toContain('客户：Globex\n级别：B');
    expect(cardText(fresh)).toContain('理由：a lower quote');
    expect(cardText(fresh)).not.toMatch(/[\u4e00-\u9fff]: /u);
    const told = lark().messages('ou_pat').map(cardText).join('\n');
    expect(told).toContain('李主管 2026-11-23 至 2026-12-15 不在岗，期间由你代为审批其折扣申请。');
    const rep = lark().messages('ou_rep').map(cardText).join('\n');
    expect(rep).toContain(
      `Your request #${id} (10% for Globex) is now with 张代理: 李主管 is away until 2026-12-15.`,
    );

    const click = await app.larkClick('ou_pat', fresh.message_id, { a: 'approval.approve', v: `${id}:1` });
    expect(click.json<{ toast: { type: string } }>().toast.type).toBe('success');
    await app.settle();
    const [step] = await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, id));
    expect(step).toMatchObject({ status: 'approved', approverId: patId, onBehalfOfId: supervisorId });

    await app.larkSay('ou_supervisor', '/accountdesk back');
    expect(await said('ou_supervisor')).toContain(
      '欢迎回来：新的审批会重新交给你，已转交的审批仍由代理人处理。',
    );
  });

  it('reads the delegate from a group message that @-mentions the bot first, or the bot after the date', async () => {
    await app.larkSay('ou_supervisor', '/accountdesk away 2026-12-20 @_user_2', {
      inGroup: true,
      mentions: [{ openId: 'ou_pat', name: '张代理' }],
    });
    expect(await said('ou_supervisor')).toContain('你 2026-11-23 至 2026-12-20 不在岗，你的审批转给张代理。');
    const [row] = await app.db.select().from(members).where(eq(members.id, supervisorId));
    expect(row).toMatchObject({ awayUntil: '2026-12-20', delegateId: patId });

    // The bot mentioned after the command is no delegate: only members can be.
    await app.larkSay('ou_supervisor', '/accountdesk away 2026-12-21 @_user_1 @_user_2', {
      mentions: [
        { openId: 'ou_pat', name: '张代理' },
        { openId: FAKE_LARK_BOT_OPEN_ID, name: FAKE_LARK_BOT_NAME },
      ],
    });
    expect(await said('ou_supervisor')).toContain('你 2026-11-23 至 2026-12-21 不在岗，你的审批转给张代理。');

    // Without a delegate: the manager; a typed "@name" that is no mention is not understood.
    await app.larkSay('ou_supervisor', '/accountdesk away 2026-12-22');
    expect(await said('ou_supervisor')).toContain('你的审批转给王总监。');
    await app.larkSay('ou_supervisor', '/accountdesk away 2026-12-22 @张代理');
    expect(await said('ou_supervisor')).toContain('请说明离开到哪天');
    // "back" alone is not a command: a message starting with it must not end a leave.
    await app.larkSay('ou_supervisor', 'back tomorrow');
    expect(await said('ou_supervisor')).toContain('AccountDesk 命令');
    await app.larkSay('ou_supervisor', '/accountdesk back');
    expect(await said('ou_supervisor')).toContain('欢迎回来');
  });
});
