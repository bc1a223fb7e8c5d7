import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { larkGroupChatStore } from '../../src/app/group-chats.ts';
import { discountRequests, larkGroupChats } from '../../src/db/schema.ts';
import type { OutboxRow } from '../../src/jobs/delivery.ts';
import { createLogger } from '../../src/logger.ts';
import { createLarkClient } from '../../src/platforms/lark/client.ts';
import { createLarkNotifier } from '../../src/platforms/lark/notifier.ts';
import { FAKE_LARK_APP_ID, FAKE_LARK_APP_SECRET } from '../support/fake-lark.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardButtons, cardText } from '../support/lark-cards.ts';

/** In Lark, as in Slack, the approval card goes to a conversation of the rep and the approver. */
describe('approvals in a Lark group chat of the rep and the approver', () => {
  let app: TestApp;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));
  const lark = () => app.lark!;

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
    const supervisor = await app.makeMember({
      platform: 'lark',
      userId: 'ou_supervisor',
      role: 'supervisor',
      name: 'Sam Supervisor',
    });
    const rep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_rep',
      name: 'Riley Rep',
      managerId: supervisor.id,
    });
    const other = await app.makeMember({
      platform: 'lark',
      userId: 'ou_other',
      name: 'Olive Other',
      managerId: supervisor.id,
    });
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: rep.id });
    await app.makeCustomer({ name: 'Initech', tier: 'B', ownerId: other.id });
  });
  afterAll(() => app?.stop());
  beforeEach(() => app.settle());

  async function fileDiscount(rep: string, text: string) {
    await app.larkSay(rep, text);
    await app.settle();
    const [request] = (await app.db.select().from(discountRequests)).sort((a, b) => b.id - a.id);
    return request!.id;
  }
  const approvalCardIn = (chatOrOpenId: string, id: number) =>
    lark()
      .messages(chatOrOpenId)
      .find((m) => cardButtons(m).some((b) => b.a === 'approval.approve' && b.v === `${id}:1`));

  /** A notifier of another instance (or of this one after a restart) on the same database. */
  function anotherInstance(lines: string[] = []) {
    const logger = createLogger('warn', { write: (line: string) => void lines.push(line) });
    const client = createLarkClient(
      { appId: FAKE_LARK_APP_ID, appSecret: FAKE_LARK_APP_SECRET, domain: lark().url },
      createLogger('silent'),
    );
    return createLarkNotifier(client, { groupChats: larkGroupChatStore(app.db), logger });
  }
  const groupRow = (key: string, userIds: string[]): OutboxRow => ({
    id: 0,
    key,
    platform: 'lark',
    target: { type: 'group', userIds, fallbackUserId: userIds[0]! },
    message: { text: key, blocks: [{ type: 'text', text: key }] },
    attempts: 0,
    requestId: null,
  });
  const noRefs = async () => ({ status: 'gone' as const });
  /** One notifier paces its sends (5 a second to one chat): a test's quick succession waits it out. */
  const paced = () => new Promise((resolve) => setTimeout(resolve, 250));

  it('creates one private group chat of the rep and the approver and posts the card there', async () => {
    const id = await fileDiscount('ou_rep', '/discount Globex 10% on 50000 reason:competitor lower quote');

    const creates = lark().callsTo('im.chat.create');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.query).toMatchObject({ user_id_type: 'open_id' });
    expect(creates[0]!.query.uuid).toMatch(/^[0-9a-f]{40}$/);
    expect(creates[0]!.args).toMatchObject({
      user_id_list: ['ou_rep', 'ou_supervisor'],
      chat_mode: 'group',
      chat_type: 'private',
      name: 'AccountDesk · Riley Rep & Sam Supervisor',
    });
    const chat = lark().chatOf('ou_rep', 'ou_supervisor')!;
    expect(chat.members.sort()).toEqual(['ou_rep', 'ou_supervisor']);

    const card = approvalCardIn(chat.chat_id, id)!;
    expect(cardText(card)).toContain('Discount request');
    const sent = lark()
      .callsTo('im.message.create')
      .find((call) => call.args.receive_id === chat.chat_id)!;
    expect(sent.query.receive_id_type).toBe('chat_id');
    // Not in the approver's one-to-one chat any more.
    expect(approvalCardIn('ou_supervisor', id)).toBeUndefined();

    // The rep's "waiting" notice opens that chat (Lark has no link to a message in it).
    const waiting = lark()
      .messages('ou_rep')
      .find((m) => cardText(m).includes('Open the approval'))!;
    expect(cardText(waiting)).toContain(
      `https://applink.feishu.cn/client/chat/open?openChatId=${chat.chat_id}`,
    );

    const [row] = await app.db
      .select()
      .from(larkGroupChats)
      .where(eq(larkGroupChats.members, 'ou_rep,ou_supervisor'));
    expect(row?.chatId).toBe(chat.chat_id);
  });

  it('replies to the decision in the card’s thread, in that chat', async () => {
    const chat = lark().chatOf('ou_rep', 'ou_supervisor')!;
    const [request] = (await app.db.select().from(discountRequests)).sort((a, b) => b.id - a.id);
    const card = approvalCardIn(chat.chat_id, request!.id)!;
    const click = await app.larkClick(
      'ou_supervisor',
      card.message_id,
      { a: 'approval.approve', v: `${request!.id}:1` },
      { formValue: { note: 'Just this once' } },
    );
    expect(click.json<{ toast: { type: string } }>().toast.type).toBe('success');
    await app.settle();

    const thread = lark()
      .messages(chat.chat_id)
      .find((m) => m.message_id === card.message_id)!;
    const reply = thread.replies.at(-1)!;
    expect(reply.chat_id).toBe(chat.chat_id);
    expect(reply.thread_id).toBeDefined();
    expect(cardText(reply)).toContain('Just this once');
    expect(cardButtons(lark().message(card.message_id))).toEqual([]);
  });

  it('reuses the chat for the next request of the same pair', async () => {
    const before = lark().callsTo('im.chat.create').length;
    const id = await fileDiscount('ou_rep', '/discount Globex 15% on 80000 reason:volume bigger order');
    expect(lark().callsTo('im.chat.create')).toHaveLength(before);
    expect(approvalCardIn(lark().chatOf('ou_rep', 'ou_supervisor')!.chat_id, id)).toBeDefined();
  });

  it('reuses it after a restart or from another instance: the chat is kept in the database', async () => {
    const chat = lark().chatOf('ou_rep', 'ou_supervisor')!;
    const before = lark().callsTo('im.chat.create').length;
    const result = await anotherInstance().deliver(
      groupRow('test:restart', ['ou_supervisor', 'ou_rep']),
      noRefs,
    );
    expect(result).toMatchObject({ status: 'sent', ref: { chat_id: chat.chat_id, chat: 'group' } });
    expect(lark().callsTo('im.chat.create')).toHaveLength(before);
  });

  it('makes one chat when two instances meet a new pair at once (Lark’s uuid)', async () => {
    const [a, b] = await Promise.all([
      anotherInstance().deliver(groupRow('test:race:a', ['ou_other', 'ou_x']), noRefs),
      anotherInstance().deliver(groupRow('test:race:b', ['ou_x', 'ou_other']), noRefs),
    ]);
    const chat = lark().chatOf('ou_other', 'ou_x')!;
    expect(
      lark()
        .chats()
        .filter((c) => c.chat_id === chat.chat_id),
    ).toHaveLength(1);
    expect(
      lark()
        .chats()
        .filter((c) => c.members.includes('ou_x')),
    ).toHaveLength(1);
    expect(a).toMatchObject({ status: 'sent', ref: { chat_id: chat.chat_id } });
    expect(b).toMatchObject({ status: 'sent', ref: { chat_id: chat.chat_id } });
    const rows = await app.db
      .select()
      .from(larkGroupChats)
      .where(eq(larkGroupChats.members, 'ou_other,ou_x'));
    expect(rows.map((r) => r.chatId)).toEqual([chat.chat_id]);
  });

  it('without the im:chat permission sends the card to the approver alone, and the request still works', async () => {
    lark().failNext('im.chat.create', {
      code: 99991672,
      msg: 'Access denied. One of the following scopes is required: [im:chat].',
    });
    const id = await fileDiscount('ou_other', '/discount Initech 8% on 30000 reason:competitor lower quote');
    expect(lark().chatOf('ou_other', 'ou_supervisor')).toBeUndefined();
    const card = approvalCardIn('ou_supervisor', id)!;
    expect(card).toBeDefined();
    // The waiting notice has no link then: there is no chat the rep could open.
    expect(lark().messages('ou_other').map(cardText).join('\n')).not.toContain('applink');

    const click = await app.larkClick('ou_supervisor', card.message_id, {
      a: 'approval.approve',
      v: `${id}:1`,
    });
    expect(click.json<{ toast: { type: string } }>().toast.type).toBe('success');
    await app.settle();
    const [request] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(request?.status).toBe('approved');
    const rows = await app.db
      .select()
      .from(larkGroupChats)
      .where(eq(larkGroupChats.members, 'ou_other,ou_supervisor'));
    expect(rows).toEqual([]);
  });

  it('says once in the log why chats are not made, and retries a 5xx instead of giving up', async () => {
    const lines: string[] = [];
    const notifier = anotherInstance(lines);
    lark().failNext('im.chat.create', { code: 99991672, msg: 'scopes required: [im:chat]', times: 2 });
    const first = await notifier.deliver(groupRow('test:denied:1', ['ou_y', 'ou_z']), noRefs);
    await paced();
    const second = await notifier.deliver(groupRow('test:denied:2', ['ou_z', 'ou_y']), noRefs);
    expect(first).toMatchObject({ status: 'sent', ref: { chat_id: 'oc_p2p_ou_y' } });
    expect(second).toMatchObject({ status: 'sent', ref: { chat_id: 'oc_p2p_ou_z' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('im:chat');

    lark().failNext('im.chat.create', { status: 503 });
    const down = await notifier.deliver(groupRow('test:down', ['ou_y', 'ou_z']), noRefs);
    expect(down.status).toBe('retry');
    await paced();
    const later = await notifier.deliver(groupRow('test:down', ['ou_y', 'ou_z']), noRefs);
    expect(later).toMatchObject({ status: 'sent', ref: { chat_id: lark().chatOf('ou_y', 'ou_z')!.chat_id } });
  });
});
