import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/db/schema.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardButtons, cardText } from '../support/lark-cards.ts';

type Toast = { toast: { type: string; content: string }; card?: { data: unknown } };

/** The digest's hand-over in Lark: pick from the team, confirm on a card of its own, in Chinese. */
describe('handing a stale account over in Lark', () => {
  let app: TestApp;
  const lark = () => app.lark!;

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(new Date('2026-11-23T00:30:00Z')), lark: true });
    const supervisor = await app.makeMember({
      platform: 'lark',
      userId: 'ou_sup',
      role: 'supervisor',
      name: '李主管',
      locale: 'zh-CN',
    });
    const rep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_rep',
      name: '陈锐',
      managerId: supervisor.id,
    });
    await app.makeMember({ platform: 'lark', userId: 'ou_mei', name: '张梅', managerId: supervisor.id });
    const dusty = await app.makeCustomer({ name: '老客户公司', tier: 'B', ownerId: rep.id });
    await app.db
      .update(customers)
      .set({ assignedOn: '2026-06-01', lastProgressOn: '2026-07-01' })
      .where(eq(customers.id, dusty.id));
    await app.tick('2026-11-23T00:30:00Z');
  });
  afterAll(() => app?.stop());

  const digestCard = () =>
    lark()
      .messages('ou_sup')
      .find((m) => cardText(m).includes('老客户公司'))!;
  const picker = (card: unknown): { a: string; v: string; options?: { value: string }[] } | undefined => {
    let found: { a: string; v: string; options?: { value: string }[] } | undefined;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (record.tag === 'select_person') {
          const value = (record.behaviors as { value: { a: string; v: string } }[])[0]!.value;
          found = { ...value, ...(record.options ? { options: record.options as { value: string }[] } : {}) };
        }
        Object.values(record).forEach(walk);
      }
    };
    walk((card as { content?: unknown }).content);
    return found;
  };

  it('asks first, then hands over and redraws the digest line', async () => {
    const digest = digestCard();
    const select = picker(digest)!;
    expect(select.options?.map((o) => o.value)).toEqual(['ou_mei']);
    const asked = await app.larkClick(
      'ou_sup',
      digest.message_id,
      { a: select.a, v: select.v },
      { option: 'ou_mei' },
    );
    expect(asked.json<Toast>().toast.content).toBe(
      '将老客户公司从陈锐转交给张梅？张梅将收到该客户及其历史记录，并须在其下一个工作日跟进。',
    );
    await app.settle();
    const question = lark()
      .messages('ou_sup')
      .find((m) => cardButtons(m).some((b) => b.a === 'handover.confirm'))!;
    expect(cardButtons(question).map((b) => b.label)).toEqual(['确认转交', '取消']);
    const confirm = cardButtons(question).find((b) => b.a === 'handover.confirm')!;
    const done = await app.larkClick('ou_sup', question.message_id, { a: confirm.a, v: confirm.v });
    expect(done.json<Toast>().toast.content).toContain('老客户公司已转交给张梅，下次跟进日为 2026-11-24');
    await app.settle();
    const [row] = await app.db.select().from(customers).where(eq(customers.name, '老客户公司'));
    expect(row?.nextFollowUpOn).toBe('2026-11-24');
    expect(picker(lark().message(digest.message_id))).toBeUndefined();
    expect(cardText(lark().message(digest.message_id))).toContain('✓ 老客户公司已由李主管转交给张梅');
    expect(lark().messages('ou_mei').map(cardText).join('\n')).toContain(
      '李主管 handed 老客户公司 over to you',
    );
  });
});
