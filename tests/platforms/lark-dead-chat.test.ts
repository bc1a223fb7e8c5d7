import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discountRequests, larkGroupChats } from '../../src/db/schema.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardButtons, cardText } from '../support/lark-cards.ts';

/**
 * The shared approval chat of a rep and an approver can die under the bot: someone removes the bot
 * from it, or its owner disbands it. The next card for that pair goes to a new chat (or, if Lark
 * will not make one, to the approver alone) instead of failing for good.
 */
describe('a Lark approval chat the bot can no longer post in', () => {
  let app: TestApp;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));
  const lark = () => app.lark!;
  let requests = 0;
  let reps = 0;
  let supervisor: Awaited<ReturnType<TestApp['makeMember']>>;

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
    supervisor = await app.makeMember({
      platform: 'lark',
      userId: 'ou_dc_supervisor',
      role: 'supervisor',
      name: 'Sam Supervisor',
    });
  });
  afterAll(() => app?.stop());
  beforeEach(() => app.settle());

  /** A rep of Sam's with a customer and a first request, so the pair has a chat. */
  async function freshRep() {
    const rep = `ou_dc_rep${++reps}`;
    const member = await app.makeMember({
      platform: 'lark',
      userId: rep,
      name: `Riley ${reps}`,
      managerId: supervisor.id,
    });
    await app.makeCustomer({ name: `Globex ${reps}`, tier: 'B', ownerId: member.id });
    await fileDiscount(rep);
    const chat = lark().chatOf(rep, 'ou_dc_supervisor')!;
    return { rep, chat, pair: [rep, 'ou_dc_supervisor'].sort().join(',') };
  }

  async function fileDiscount(rep: string) {
    // Each its own deal, so no request replaces another.
    await app.larkSay(rep, `/discount Globex ${reps} 10% reason:competitor lower quote deal:DC${++requests}`);
    await app.settle();
    const [request] = (await app.db.select().from(discountRequests)).sort((a, b) => b.id - a.id);
    return request!.id;
  }
  const cardIn = (chatOrOpenId: string, id: number) =>
    lark()
      .messages(chatOrOpenId)
      .find((m) => cardButtons(m).some((b) => b.a === 'approval.approve' && b.v === `${id}:1`));
  const storedChat = async (pair: string) =>
    (await app.db.select().from(larkGroupChats).where(eq(larkGroupChats.members, pair)))[0]?.chatId;

  it('makes a new chat when the bot was removed from the old one, keeps it, and reuses it', async () => {
    const { rep, chat: old, pair } = await freshRep();
    lark().removeBotFrom(old.chat_id);

    const id = await fileDiscount(rep);

    const fresh = lark().chatOf(rep, 'ou_dc_supervisor')!;
    expect(fresh.chat_id).not.toBe(old.chat_id);
    expect(cardText(cardIn(fresh.chat_id, id)!)).toContain('Discount request');
    expect(await storedChat(pair)).toBe(fresh.chat_id);
    // The rep's notice opens the chat the card is in.
    const waiting = lark()
      .messages(rep)
      .filter((m) => cardText(m).includes(`#${id}`) && cardText(m).includes('Open the approval'));
    expect(cardText(waiting.at(-1)!)).toContain(`openChatId=${fresh.chat_id}`);

    const creates = lark().callsTo('im.chat.create').length;
    const next = await fileDiscount(rep);
    expect(cardIn(fresh.chat_id, next)).toBeDefined();
    expect(lark().callsTo('im.chat.create')).toHaveLength(creates);
  });

  it('makes a new chat when the old one was disbanded (not the disbanded one again for its uuid)', async () => {
    const { rep, chat: old, pair } = await freshRep();
    lark().disbandChat(old.chat_id);

    const id = await fileDiscount(rep);

    const fresh = lark().chatOf(rep, 'ou_dc_supervisor')!;
    expect(fresh.chat_id).not.toBe(old.chat_id);
    expect(cardIn(fresh.chat_id, id)).toBeDefined();
    expect(await storedChat(pair)).toBe(fresh.chat_id);
    const refused = lark()
      .callsTo('im.message.create')
      .filter((call) => call.args.receive_id === old.chat_id && call.failed);
    expect(refused.at(-1)!.response).toMatchObject({ code: 232009 });
  });

  it('sends the card to the approver alone when no new chat can be made, and forgets the dead one', async () => {
    const { rep, chat: old, pair } = await freshRep();
    lark().removeBotFrom(old.chat_id);
    // Refused each time: a retry of a send held back by pacing asks again.
    lark().failNext('im.chat.create', {
      times: 3,
      code: 99991672,
      msg: 'Access denied. One of the following scopes is required: [im:chat]',
    });

    const id = await fileDiscount(rep);

    expect(cardIn('ou_dc_supervisor', id)).toBeDefined();
    expect(await storedChat(pair)).toBeUndefined();
    const [request] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(request?.status).toBe('pending');
  });
});
