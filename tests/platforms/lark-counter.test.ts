import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discountRequests } from '../../src/db/schema.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { type CardJson, cardButtons, cardText } from '../support/lark-cards.ts';

type Toast = { toast: { type: string; content: string }; card?: { type: string; data: CardJson } };

/**
 * Counter-offers in Lark: no modal, so the form comes as a card to the approver, and a refused
 * one comes back with the error under its field (README, "Counter-offers").
 */
describe('counter-offers in Lark', () => {
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

  let deals = 0;
  async function requestAndCard(percent: number) {
    await app.larkSay(
      'ou_rep',
      `/discount Globex ${percent}% on 50000 deal:L${++deals} reason:competitor a lower quote`,
    );
    await app.settle();
    const [request] = (await app.db.select().from(discountRequests)).sort((a, b) => b.id - a.id);
    const card = lark()
      .messages(lark().chatOf('ou_rep', 'ou_supervisor')!.chat_id)
      .find((m) => cardButtons(m).some((b) => b.a === 'approval.approve' && b.v === `${request!.id}:1`))!;
    return { id: request!.id, card };
  }

  /** The counter-offer form card sent to the approver for request `id`. */
  const formCard = (id: number) =>
    lark()
      .messages('ou_supervisor')
      .filter((m) =>
        cardButtons(m).some((b) => b.a === 'form.submit' && (b as { meta?: string }).meta === `${id}:1`),
      )
      .at(-1)!;

  const submitForm = (id: number, messageId: string, formValue: Record<string, string>) =>
    app.larkClick(
      'ou_supervisor',
      messageId,
      { a: 'form.submit', form: 'counter_form', meta: `${id}:1` },
      { formValue },
    );

  it('sends the form as a card, refuses a counter not below the request with the form again, then offers; the rep accepts', async () => {
    const { id, card } = await requestAndCard(10);
    const counter = cardButtons(card).find((b) => b.a === 'approval.counter')!;
    expect(counter.label).toBe('还价…');
    const click = await app.larkClick(
      'ou_supervisor',
      card.message_id,
      { a: counter.a, v: counter.v },
      { formValue: { note: '先给 8%' } },
    );
    expect(click.json<Toast>().toast).toEqual({ type: 'info', content: '还价' });
    await app.settle();
    const form = formCard(id);
    expect(cardText(form)).toContain('还价折扣（%） *');
    expect(JSON.stringify(form.content)).toContain('先给 8%'); // the note typed beside the buttons

    const refused = await submitForm(id, form.message_id, { percent: '12', note: '先给 8%' });
    const answer = refused.json<Toast>();
    expect(answer.toast.type).toBe('error');
    expect(answer.toast.content).toContain('还价必须低于申请的 10%');
    // The form comes back with what was typed and the error under the percent.
    const again = JSON.stringify(answer.card?.data);
    expect(again).toContain('⚠️ 还价必须低于申请的 10%');
    expect(again).toContain('先给 8%');
    expect(again).toContain('"default_value":"12"');
    const [untouched] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(untouched?.status).toBe('pending');

    const offered = await submitForm(id, form.message_id, { percent: '8', note: '先给 8%' });
    expect(offered.json<Toast>().toast.type).toBe('success');
    await app.settle();
    const shared = lark().message(card.message_id)!;
    expect(cardButtons(shared)).toEqual([]);
    expect(cardText(shared)).toContain('还价 8%');
    const offer = lark()
      .messages('ou_rep')
      .find((m) => cardButtons(m).some((b) => b.a === 'counter.accept' && b.v === `${id}:1`))!;
    expect(cardText(offer)).toContain(
      `李主管 answers your discount request #${id} (10% for Globex) with a counter-offer: 8%.`,
    );
    expect(cardButtons(offer).map((b) => b.label)).toEqual(['Accept', 'Decline']);

    const accepted = await app.larkClick('ou_rep', offer.message_id, { a: 'counter.accept', v: `${id}:1` });
    expect(accepted.json<Toast>().toast).toMatchObject({
      type: 'success',
      content: expect.stringContaining(`Accepted: request #${id} is approved at 8%.`),
    });
    await app.settle();
    const [row] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(row).toMatchObject({ status: 'approved', grantedPercent: 8, askedPercent: 10 });
    expect(cardButtons(lark().message(offer.message_id))).toEqual([]);
    expect(lark().messages('ou_supervisor').map(cardText).join('\n')).toContain(
      `Riley Rep 接受了你对申请 #${id}`,
    );

    // A second click on the old offer changes nothing.
    const late = await app.larkClick('ou_rep', offer.message_id, { a: 'counter.decline', v: `${id}:1` });
    expect(late.json<Toast>().toast).toMatchObject({
      type: 'error',
      content: expect.stringContaining('was already accepted'),
    });
  });

  it('the rep declines: the request is closed and the shared card says so', async () => {
    const { id, card } = await requestAndCard(9);
    const click = await app.larkClick('ou_supervisor', card.message_id, {
      a: 'approval.counter',
      v: `${id}:1`,
    });
    expect(click.json<Toast>().toast.type).toBe('info');
    await app.settle();
    await submitForm(id, formCard(id).message_id, { percent: '6' });
    await app.settle();
    const offer = lark()
      .messages('ou_rep')
      .find((m) => cardButtons(m).some((b) => b.a === 'counter.decline' && b.v === `${id}:1`))!;
    const declined = await app.larkClick('ou_rep', offer.message_id, { a: 'counter.decline', v: `${id}:1` });
    expect(declined.json<Toast>().toast.content).toContain(`Declined: request #${id} is closed.`);
    await app.settle();
    const [row] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(row?.status).toBe('declined');
    expect(cardText(lark().message(card.message_id))).toContain('Riley Rep 于 2026-11-23 10:00 拒绝');
  });

  it('refuses the form to someone who may not decide, at the button', async () => {
    const { id, card } = await requestAndCard(8);
    const click = await app.larkClick('ou_rep', card.message_id, { a: 'approval.counter', v: `${id}:1` });
    expect(click.json<Toast>().toast).toMatchObject({ type: 'error' });
    await app.settle();
    expect(formCard(id)).toBeUndefined();
  });
});
