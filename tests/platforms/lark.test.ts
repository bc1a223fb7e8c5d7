import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  auditLog,
  customers,
  discountRequests,
  larkGroupChats,
  members,
  visits,
} from '../../src/db/schema.ts';
import { longConnectionDispatcher } from '../../src/platforms/lark/ws.ts';
import { LARK_ENCRYPT_KEY, startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { type CardJson, cardButtons, cardText } from '../support/lark-cards.ts';
import {
  botMentionEvent,
  cardActionEvent,
  messageReceiveEvent,
  postToLark,
} from '../support/lark-requests.ts';

describe('AccountDesk in Lark', () => {
  let app: TestApp;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));
  const lark = () => app.lark!;

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
    const director = await app.makeMember({
      platform: 'lark',
      userId: 'ou_director',
      role: 'director',
      name: '王总监',
    });
    const supervisor = await app.makeMember({
      platform: 'lark',
      userId: 'ou_supervisor',
      role: 'supervisor',
      name: '李主管',
      managerId: director.id,
      locale: 'zh-CN',
    });
    const rep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_rep',
      name: 'Riley Rep',
      managerId: supervisor.id,
    });
    await app.makeMember({
      platform: 'lark',
      userId: 'ou_other',
      name: 'Olive Other',
      managerId: supervisor.id,
    });
    await app.makeCustomer({ name: '华为技术有限公司', tier: 'A', ownerId: rep.id });
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: rep.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    lark().reset();
  });

  const lastTo = (openId: string) => lark().messages(openId).at(-1);
  /** The last card in the group chat of the rep and the approver (kept in the database across resets). */
  const lastInApprovalChat = async () => {
    const [row] = await app.db
      .select()
      .from(larkGroupChats)
      .where(eq(larkGroupChats.members, 'ou_rep,ou_supervisor'));
    return row ? lark().messages(row.chatId).at(-1) : undefined;
  };
  const latestRequest = async () => {
    const rows = await app.db.select().from(discountRequests);
    return rows.sort((a, b) => b.id - a.id)[0]!;
  };

  it('answers the URL verification challenge', async () => {
    const response = await postToLark(app.service.url, '/lark/events', {
      type: 'url_verification',
      challenge: 'ch-123',
      token: 'lark-verification-token',
    });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ challenge: 'ch-123' });
  });

  it('logs a visit sent as text, answering privately with a card', async () => {
    const response = await app.larkSay('ou_rep', '/visit 华为 拜访了采购总监 next:+3d');
    expect(response.status).toBe(200);
    await app.settle();
    const reply = lastTo('ou_rep');
    expect(reply?.msg_type).toBe('interactive');
    expect(cardText(reply)).toContain(
      'Visit logged for 华为技术有限公司 on 2026-11-23. Next follow-up: 2026-11-26.',
    );
    const [huawei] = await app.db.select().from(customers).where(eq(customers.name, '华为技术有限公司'));
    expect(huawei?.nextFollowUpOn).toBe('2026-11-26');
  });

  it('answers a /visit too long for a message with the form card filled in, and the full text', async () => {
    const notes = '详细记录了采购部的意见，'.repeat(300); // 3,600 characters
    await app.larkSay('ou_rep', `/visit 华为 ${notes}`);
    await app.settle();
    const sent = lark().messages('ou_rep').slice(-2);
    const card = sent.find((m) => JSON.stringify(m.content).includes('"tag":"form"'))!;
    const content = JSON.stringify(card.content);
    // Lark's inputs hold 1,000 characters: the beginning is in the form, the hint says where the rest is.
    expect(content).toContain(`"default_value":"${notes.slice(0, 1000)}"`);
    expect(content).toContain('Your notes had 3600 characters, more than this box holds');
    const copy = sent.find((m) => m !== card)!;
    expect(cardText(copy)).toContain('Your /visit text in full (3603 characters)');
  });

  it('takes commands without the slash and in Chinese', async () => {
    await app.larkSay('ou_rep', '跟进');
    await app.settle();
    expect(cardText(lastTo('ou_rep'))).toContain('Follow-ups for Riley Rep');
    await app.larkSay('ou_rep', 'customer Globex');
    await app.settle();
    expect(cardText(lastTo('ou_rep'))).toContain('Globex');
  });

  it('answers 帮助 in Chinese with the team’s discount policy and reason codes', async () => {
    await app.larkSay('ou_supervisor', '帮助');
    await app.settle();
    const help = cardText(lastTo('ou_supervisor'));
    expect(help).toContain('AccountDesk 命令：');
    expect(help).toContain('团队折扣政策：');
    expect(help).toContain('• 5% 以内：自动批准');
    expect(help).toContain('• 超过 30%：不能申请');
    expect(help).toContain('• 竞争：竞争对手报价更低');
  });

  it('routes a discount to the approver as a card; Approve updates it in place, replies in its thread, tells the rep', async () => {
    await app.larkSay('ou_rep', '/discount Globex 10% on 50000 reason:competitor they have a lower quote');
    await app.settle();
    const request = await latestRequest();
    // The command's answer and the "waiting" notice both go to the rep; either may arrive last.
    expect(lark().messages('ou_rep').map(cardText)).toContainEqual(
      expect.stringContaining(`Discount request #${request.id} (10% for Globex) sent to 李主管`),
    );
    // The card goes to a group chat of the rep and the approver, so both can talk in its thread.
    const chat = lark().chatOf('ou_rep', 'ou_supervisor')!;
    expect(chat).toMatchObject({
      chat_mode: 'group',
      chat_type: 'private',
      name: 'AccountDesk · Riley Rep & 李主管',
    });
    expect(lastTo('ou_supervisor')).toBeUndefined();
    const card = (await lastInApprovalChat())!;
    expect(card.chat_id).toBe(chat.chat_id);
    expect(cardText(card)).toContain('折扣申请');
    expect(cardText(card)).toContain('45,000');
    expect((card.content as { config: { update_multi: boolean } }).config.update_multi).toBe(true);
    const approve = cardButtons(card).find((b) => b.a === 'approval.approve')!;
    expect(approve.label).toBe('批准');

    const click = await app.larkClick(
      'ou_supervisor',
      card.message_id,
      { a: approve.a, v: approve.v },
      {
        formValue: { note: '下不为例' },
      },
    );
    expect(click.status).toBe(200);
    expect(click.json<{ toast: { type: string } }>().toast.type).toBe('success');
    await app.settle();

    const updated = lark().message(card.message_id)!;
    expect(cardButtons(updated)).toEqual([]);
    expect(cardText(updated)).toContain('李主管');
    const patched = lark().callsTo('im.message.patch');
    expect(patched.filter((call) => call.args.message_id === card.message_id)).toHaveLength(1);
    // The only other patch: the rep's "waiting" notice, which loses its Withdraw button.
    expect(patched).toHaveLength(2);
    expect(lark().callsTo('im.message.update')).toHaveLength(0);
    const reply = lark().callsTo('im.message.reply').at(-1)!;
    expect(reply.args.reply_in_thread).toBe(true);
    expect(JSON.stringify(reply.args.content)).toContain('下不为例');
    expect(cardText(lastTo('ou_rep'))).toContain(
      `Your discount request #${request.id} (10% for Globex) was approved by 李主管`,
    );
    expect((await latestRequest()).status).toBe('approved');
  });

  it('rejects with a note from the card', async () => {
    await app.larkSay('ou_rep', 'discount Globex 12% reason:leverage they always ask');
    await app.settle();
    const card = (await lastInApprovalChat())!;
    const reject = cardButtons(card).find((b) => b.a === 'approval.reject')!;
    await app.larkClick(
      'ou_supervisor',
      card.message_id,
      { a: reject.a, v: reject.v },
      { formValue: { note: 'Sell the value first' } },
    );
    await app.settle();
    expect((await latestRequest()).status).toBe('rejected');
    expect(cardText(lastTo('ou_rep'))).toContain('was rejected by 李主管');
    expect(cardText(lastTo('ou_rep'))).toContain('Sell the value first');
  });

  it('tells a non-approver they cannot decide, and changes nothing', async () => {
    await app.larkSay('ou_rep', 'discount Globex 9% reason:volume bigger order');
    await app.settle();
    const card = (await lastInApprovalChat())!;
    const approve = cardButtons(card).find((b) => b.a === 'approval.approve')!;
    const byOther = await app.larkClick('ou_other', card.message_id, { a: approve.a, v: approve.v });
    expect(byOther.json<{ toast: { type: string; content: string } }>().toast).toEqual({
      type: 'error',
      content: 'Only 李主管 can decide this step. Nothing was changed.',
    });
    const byRep = await app.larkClick('ou_rep', card.message_id, { a: approve.a, v: approve.v });
    expect(byRep.json<{ toast: { content: string } }>().toast.content).toContain(
      'You cannot decide on your own request',
    );
    expect((await latestRequest()).status).toBe('pending');
  });

  it('records one decision for simultaneous clicks', async () => {
    const request = await latestRequest();
    const card = lastTo('ou_supervisor') ?? lark().messages('ou_supervisor').at(-1);
    const value = { a: 'approval.approve', v: `${request.id}:1` };
    const clicks = await Promise.all(
      [1, 2, 3].map(() => app.larkClick('ou_supervisor', card?.message_id ?? 'om_x', value)),
    );
    const toasts = clicks.map((c) => c.json<{ toast: { type: string } }>().toast.type).sort();
    expect(toasts).toEqual(['error', 'error', 'success']);
    const decisions = await app.db.select().from(auditLog).where(eq(auditLog.action, 'discount.approved'));
    expect(decisions.filter((d) => d.entityId === request.id)).toHaveLength(1);
  });

  it('handles a redelivered event once, even with the same event id much later', async () => {
    const before = (await app.db.select().from(visits)).length;
    await app.larkSay('ou_rep', '/visit Globex redelivery check', { eventId: 'evt-redelivered-1' });
    await app.larkSay('ou_rep', '/visit Globex redelivery check', { eventId: 'evt-redelivered-1' });
    await app.settle();
    expect((await app.db.select().from(visits)).length).toBe(before + 1);
    expect(lark().messages('ou_rep')).toHaveLength(1);
  });

  it('refuses forged signatures, unsigned requests and stale timestamps with 401', async () => {
    const before = (await app.db.select().from(visits)).length;
    const body = messageReceiveEvent({ senderOpenId: 'ou_rep', text: '/visit Globex forged' });
    const forged = await postToLark(app.service.url, '/lark/events', body, {
      encryptKey: LARK_ENCRYPT_KEY,
      forgeSignature: true,
    });
    const wrongKey = await postToLark(app.service.url, '/lark/events', body, { encryptKey: 'not-the-key' });
    const unsigned = await postToLark(app.service.url, '/lark/events', body);
    const stale = await postToLark(app.service.url, '/lark/events', body, {
      encryptKey: LARK_ENCRYPT_KEY,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect([forged.status, wrongKey.status, unsigned.status, stale.status]).toEqual([401, 401, 401, 401]);
    const card = await postToLark(
      app.service.url,
      '/lark/card',
      { schema: '2.0', header: {}, event: {} },
      { encryptKey: 'nope' },
    );
    expect(card.status).toBe(401);
    expect((await app.db.select().from(visits)).length).toBe(before);
  });

  it('refreshes a rejected tenant token and retries', async () => {
    await app.larkSay('ou_rep', 'help');
    await app.settle();
    const tokensBefore = lark().callsTo('auth.tenant_access_token').length;
    lark().expireTokens();
    await app.larkSay('ou_rep', 'help');
    await app.settle();
    expect(lark().callsTo('auth.tenant_access_token').length).toBe(tokensBefore + 1);
    expect(lark().messages('ou_rep')).toHaveLength(2);
  });

  it('waits as told by a 429 and then delivers', async () => {
    lark().failNext('im.message.create', { status: 429, resetSeconds: 1 });
    await app.larkSay('ou_rep', 'help');
    await app.settle(10_000);
    const creates = lark().callsTo('im.message.create');
    expect(creates[0]?.status).toBe(429);
    expect(creates.at(-1)!.status).toBe(200);
    expect(creates.at(-1)!.at - creates[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('sends a form card for a bare /visit, and its submission logs the visit', async () => {
    await app.larkSay('ou_rep', '/visit');
    await app.settle();
    const form = lastTo('ou_rep')!;
    expect(JSON.stringify(form.content)).toContain('"tag":"form"');
    const bad = await app.larkClick(
      'ou_rep',
      form.message_id,
      { a: 'form.submit', form: 'visit_form' },
      {
        formValue: { customer: 'Nobody Ltd', kind: 'visit', summary: 'x' },
      },
    );
    expect(bad.json<{ toast: { type: string; content: string } }>().toast).toMatchObject({ type: 'error' });
    expect(bad.json<{ toast: { content: string } }>().toast.content).toContain(
      'No customer of yours matches',
    );
    const ok = await app.larkClick(
      'ou_rep',
      form.message_id,
      { a: 'form.submit', form: 'visit_form' },
      {
        formValue: {
          customer: 'globex',
          kind: 'call',
          summary: 'Quick call from the form',
          next: '2026-11-30 +0800',
        },
      },
    );
    const answer = ok.json<{ toast: { type: string }; card: { type: string; data: CardJson } }>();
    expect(answer.toast.type).toBe('success');
    expect(answer.card.type).toBe('raw');
    const [visit] = await app.db.select().from(visits).where(eq(visits.summary, 'Quick call from the form'));
    expect(visit).toMatchObject({ kind: 'call', nextFollowUpOn: '2026-11-30' });
  });

  it('delivers the morning message as a card whose buttons work', async () => {
    await app.db.update(customers).set({ nextFollowUpOn: '2026-11-20' }).where(eq(customers.name, 'Globex'));
    await app.tick('2026-11-24T00:30:00Z'); // Tuesday 08:30 in Shanghai
    const digest = lastTo('ou_rep')!;
    expect(cardText(digest)).toContain('Follow-ups for Riley Rep — 2026-11-24');
    expect(Buffer.byteLength(digest.rawContent)).toBeLessThan(30 * 1024);
    const snooze = cardButtons(digest).find((b) => b.a === 'followup.snooze')!;
    const click = await app.larkClick('ou_rep', digest.message_id, { a: snooze.a, v: snooze.v });
    const answer = click.json<{ card: { data: CardJson } }>();
    expect(JSON.stringify(answer.card.data)).toContain('Snoozed');
    const supervisorDigest = lastTo('ou_supervisor');
    expect(cardText(supervisorDigest)).toContain('的团队日报');
  });

  it('answers a command in a group when the bot is mentioned', async () => {
    const body = botMentionEvent({ senderOpenId: 'ou_rep', text: '@_user_1 /customer Globex' });
    const response = await postToLark(app.service.url, '/lark/events', body, {
      encryptKey: LARK_ENCRYPT_KEY,
    });
    expect(response.status).toBe(200);
    await app.settle();
    expect(cardText(lastTo('ou_rep'))).toContain('Globex');
  });

  it('works over the long connection: the SDK dispatcher feeds the same handlers', async () => {
    const dispatcher = longConnectionDispatcher(app.service.deps);
    await dispatcher.invoke(messageReceiveEvent({ senderOpenId: 'ou_rep', text: '/customer 华为' }), {
      needCheck: false,
    });
    await app.settle();
    expect(cardText(lastTo('ou_rep'))).toContain('华为技术有限公司');
    const answer = (await dispatcher.invoke(
      cardActionEvent({
        operatorOpenId: 'ou_other',
        messageId: 'om_any',
        value: { a: 'approval.approve', v: '999:1' },
      }),
      { needCheck: false },
    )) as { toast: { type: string; content: string } };
    expect(answer.toast).toEqual({ type: 'error', content: 'That request no longer exists.' });
  });

  it('takes a member’s time zone from the contact API', async () => {
    lark().setUser('ou_other', { time_zone: 'Europe/Berlin' });
    await app.service.profiles.runOnce();
    const [other] = await app.db.select().from(members).where(eq(members.userId, 'ou_other'));
    expect(other?.platformTimezone).toBe('Europe/Berlin');
    expect(
      lark()
        .callsTo('contact.user.get')
        .some((call) => JSON.stringify(call.args).includes('ou_other')),
    ).toBe(true);
  });

  it('answers nonsense words with help instead of failing', async () => {
    const response = await app.larkSay('ou_rep', 'constructor toString');
    expect(response.status).toBe(200);
    await app.settle();
    expect(cardText(lastTo('ou_rep'))).toContain('AccountDesk commands');
  });

  it('sends a discount form card; its submission files the request', async () => {
    await app.larkSay('ou_rep', '/discount');
    await app.settle();
    const form = lastTo('ou_rep')!;
    expect(cardText(form)).toContain('Request a discount');
    const result = await app.larkClick(
      'ou_rep',
      form.message_id,
      { a: 'form.submit', form: 'discount_form' },
      {
        formValue: {
          customer: 'Globex',
          percent: '11',
          amount: '20000',
          reason: 'volume',
          justification: 'Two more sites',
        },
      },
    );
    expect(result.json<{ toast: { type: string } }>().toast.type).toBe('success');
    expect(await latestRequest()).toMatchObject({
      percent: 11,
      amount: 20000,
      reason: 'volume',
      status: 'pending',
    });
  });

  it('reminds the approver in the card’s thread, mentioning them', async () => {
    await app.tick('2026-11-24T08:00:00Z'); // 16:00 Tuesday in Shanghai: well past 4 working hours
    const reminder = lark()
      .callsTo('im.message.reply')
      .find((call) => JSON.stringify(call.args.content).includes('<at id=ou_supervisor></at>'));
    expect(reminder?.args.reply_in_thread).toBe(true);
  });
});
