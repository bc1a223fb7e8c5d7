import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, visits } from '../../src/db/schema.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { type CardJson, cardButtons, cardText } from '../support/lark-cards.ts';

type Answer = { toast: { type: string; content: string }; card?: { type: string; data: CardJson } };
type FormButton = { a: string; form?: string; meta?: string };

/** README, "Correcting a visit", in Lark: the same Edit and Undo, the form as a card, in Chinese. */
describe('correcting a visit in Lark', () => {
  let app: TestApp;
  const lark = () => app.lark!;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
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
      locale: 'zh-CN',
    });
    await app.makeMember({ platform: 'lark', userId: 'ou_mei', name: '张梅', managerId: supervisor.id });
    await app.makeCustomer({ name: 'Acme Corporation', tier: 'A', ownerId: rep.id });
    const labs = await app.makeCustomer({ name: 'Acme Labs', tier: 'C', ownerId: rep.id });
    await app.db
      .update(customers)
      .set({ lastVisitOn: '2026-10-01', nextFollowUpOn: '2026-11-25' })
      .where(eq(customers.id, labs.id));
  });
  afterAll(() => app?.stop());

  const customer = async (name: string) =>
    (await app.db.select().from(customers).where(eq(customers.name, name)))[0]!;
  const latestCard = (openId: string, has: (text: string) => boolean) =>
    lark()
      .messages(openId)
      .filter((m) => has(cardText(m)))
      .at(-1)!;

  it('edits a visit logged against the wrong customer from its card', async () => {
    await app.larkSay('ou_rep', '拜访 acme labs 见了采购 next:+3d');
    await app.settle();
    const confirmation = latestCard('ou_rep', (t) => t.includes('Acme Labs'));
    expect(cardText(confirmation)).toContain('已记录对 Acme Labs 的拜访（2026-11-20）');
    const buttons = cardButtons(confirmation);
    expect(buttons.map((b) => b.label)).toEqual(['修改', '撤销']);
    const edit = buttons.find((b) => b.a === 'visit.edit')!;

    const opened = await app.larkClick('ou_rep', confirmation.message_id, { a: edit.a, v: edit.v });
    expect(opened.json<Answer>().toast).toMatchObject({ type: 'info', content: '修改拜访记录' });
    await app.settle();
    const form = latestCard('ou_rep', (t) => t.includes('修改拜访记录'));
    expect(JSON.stringify(form.content)).toContain('"default_value":"Acme Labs"');
    expect(JSON.stringify(form.content)).toContain('"default_value":"见了采购"');
    const submit = cardButtons(form).find((b) => b.a === 'form.submit') as FormButton | undefined;
    expect(submit).toMatchObject({ form: 'visit_edit_form', meta: edit.v });

    const values = {
      formValue: {
        customer: 'Acme Corporation',
        kind: 'visit',
        summary: '见了采购',
        next: '2026-11-24 +0800',
      },
    };
    const value = { a: 'form.submit', form: 'visit_edit_form', meta: edit.v };
    const saved = (await app.larkClick('ou_rep', form.message_id, value, values)).json<Answer>();
    expect(saved.toast.type).toBe('success');
    expect(saved.toast.content).toBe(
      '已修改。已记录对 Acme Corporation 的拜访（2026-11-20）。下次跟进：2026-11-24。已从“Acme Labs”移至“Acme Corporation”。',
    );
    await app.larkClick('ou_rep', form.message_id, value, values); // the same card submitted again

    expect(await customer('Acme Corporation')).toMatchObject({
      lastVisitOn: '2026-11-20',
      nextFollowUpOn: '2026-11-24',
    });
    expect(await customer('Acme Labs')).toMatchObject({
      lastVisitOn: '2026-10-01',
      nextFollowUpOn: '2026-11-25',
    });
    const [visit] = await app.db
      .select()
      .from(visits)
      .where(eq(visits.id, Number(edit.v)));
    expect(visit?.customerId).toBe((await customer('Acme Corporation')).id);
  });

  it('lists recent visits with `visit edit`; Undo from the list restores the customer, once', async () => {
    await app.larkSay('ou_rep', 'visit edit');
    await app.settle();
    const list = latestCard('ou_rep', (t) => t.includes('你最近24小时的拜访记录'));
    const undo = cardButtons(list).find((b) => b.a === 'visit.undo')!;
    const first = (await app.larkClick('ou_rep', list.message_id, { a: undo.a, v: undo.v })).json<Answer>();
    expect(first.toast.type).toBe('success');
    expect(first.toast.content).toContain('已撤销：2026-11-20 对“Acme Corporation”的拜访记录已删除。');
    const again = (await app.larkClick('ou_rep', list.message_id, { a: undo.a, v: undo.v })).json<Answer>();
    expect(again.toast).toEqual({ type: 'error', content: '这条拜访记录已撤销或不存在，未做任何更改。' });
    expect(await customer('Acme Corporation')).toMatchObject({ lastVisitOn: null, nextFollowUpOn: null });

    await app.larkSay('ou_rep', '拜访 修改');
    await app.settle();
    expect(cardText(lark().messages('ou_rep').at(-1))).toContain('你最近24小时没有记录拜访，无需修改。');
  });

  it('lets the supervisor undo a report’s visit; refuses a colleague and a late click', async () => {
    await app.larkSay('ou_rep', '拜访 acme labs 回访');
    await app.settle();
    const card = latestCard('ou_rep', (t) => t.includes('回访'));
    const undo = cardButtons(card).find((b) => b.a === 'visit.undo')!;
    const colleague = (
      await app.larkClick('ou_mei', card.message_id, { a: undo.a, v: undo.v })
    ).json<Answer>();
    expect(colleague.toast).toEqual({
      type: 'error',
      content:
        'Only the rep who logged this visit, a manager above them or an admin may correct it. Nothing changed.',
    });
    const boss = (await app.larkClick('ou_sup', card.message_id, { a: undo.a, v: undo.v })).json<Answer>();
    expect(boss.toast.type).toBe('success');
    expect(await customer('Acme Labs')).toMatchObject({
      lastVisitOn: '2026-10-01',
      nextFollowUpOn: '2026-11-25',
    });

    await app.larkSay('ou_rep', '拜访 acme labs 晚到的修改');
    await app.settle();
    const late = latestCard('ou_rep', (t) => t.includes('晚到的修改'));
    const edit = cardButtons(late).find((b) => b.a === 'visit.edit')!;
    clock.advance(25 * 3_600_000);
    const refused = (await app.larkClick('ou_rep', late.message_id, { a: edit.a, v: edit.v })).json<Answer>();
    expect(refused.toast).toEqual({
      type: 'error',
      content: '拜访记录只能在记录后 24 小时内修改；这条记录于 2026-11-20 10:00 记录，未做任何更改。',
    });
  });
});
