import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discountRequests } from '../../src/db/schema.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardButtons, cardText } from '../support/lark-cards.ts';

/** Withdraw in Lark: the reason is typed in the card's note field, beside the buttons. */
describe('withdrawing a discount request in Lark', () => {
  let app: TestApp;
  const lark = () => app.lark!;

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(new Date('2026-11-23T02:00:00Z')), lark: true });
    const supervisor = await app.makeMember({
      platform: 'lark',
      userId: 'ou_supervisor',
      role: 'supervisor',
      name: '李主管',
      locale: 'zh-CN',
    });
    const rep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_rep',
      name: 'Riley Rep',
      managerId: supervisor.id,
    });
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: rep.id });
  });
  afterAll(() => app?.stop());
  beforeEach(() => app.settle());

  async function requestAndCard() {
    await app.larkSay('ou_rep', '/discount Globex 10% on 50000 reason:competitor a lower quote');
    await app.settle();
    const [request] = (await app.db.select().from(discountRequests)).sort((a, b) => b.id - a.id);
    // In the group chat of the rep and the approver, where both can press its buttons.
    const card = lark()
      .messages(lark().chatOf('ou_rep', 'ou_supervisor')!.chat_id)
      .find((m) => cardButtons(m).some((b) => b.a === 'approval.approve' && b.v === `${request!.id}:1`))!;
    return { id: request!.id, card };
  }

  it('withdraws from the approval card with the reason from its note field', async () => {
    const { id, card } = await requestAndCard();
    const withdraw = cardButtons(card).find((b) => b.a === 'approval.withdraw')!;
    expect(withdraw.label).toBe('撤回'); // the card is drawn in the approver's language

    const click = await app.larkClick(
      'ou_rep',
      card.message_id,
      { a: withdraw.a, v: withdraw.v },
      {
        formValue: { note: 'Signed at list price' },
      },
    );
    expect(click.json<{ toast: { type: string; content: string } }>().toast).toEqual({
      type: 'success',
      content: `Request #${id} (10% for Globex) is withdrawn; told: 李主管.`,
    });
    await app.settle();

    const updated = lark().message(card.message_id)!;
    expect(cardButtons(updated)).toEqual([]);
    expect(cardText(updated)).toContain('Riley Rep 于 2026-11-23 10:00 撤回');
    expect(cardText(updated)).toContain('原因：Signed at list price');
    const told = lark().messages('ou_supervisor').map(cardText).join('\n');
    expect(told).toContain(`Riley Rep 撤回了折扣申请 #${id}`);
    const [row] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(row?.status).toBe('withdrawn');

    // The approver's Approve on the old card changes nothing.
    const late = await app.larkClick('ou_supervisor', card.message_id, {
      a: 'approval.approve',
      v: `${id}:1`,
    });
    expect(late.json<{ toast: { type: string; content: string } }>().toast).toMatchObject({
      type: 'error',
      content: expect.stringContaining(`申请 #${id} 已由 Riley Rep 于 2026-11-23 10:00 撤回`),
    });
  });

  it('tells an approver who presses Withdraw that only the requester may', async () => {
    const { id, card } = await requestAndCard();
    const click = await app.larkClick('ou_supervisor', card.message_id, {
      a: 'approval.withdraw',
      v: String(id),
    });
    expect(click.json<{ toast: { type: string; content: string } }>().toast).toEqual({
      type: 'error',
      content: `只有申请人 Riley Rep 或管理员可以撤回申请 #${id}，未做任何更改。`,
    });
    const [row] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(row?.status).toBe('pending');
  });
});
