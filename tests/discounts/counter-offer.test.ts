import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportDiscounts } from '../../src/app/imports/export-discounts.ts';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import { approvalSteps, auditLog, discountRequests } from '../../src/db/schema.ts';
import type { StoredMessage } from '../support/fake-slack.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/** An approver answers "not 12 %, but 8 %"; the rep accepts or declines (README, "Counter-offers"). */
describe('counter-offers over Slack', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  // Monday 23 Nov 2026, 10:00 in Shanghai (the team's zone).
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Acme Corporation', tier: 'A', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    clock.set('2026-11-23T02:00:00Z');
    await app.settle();
    markAnswers();
  });

  let deals = 0;
  async function request(text: string): Promise<number> {
    await app.command(team.rep.userId, '/discount', `${text} deal:C${++deals}`);
    await app.settle();
    const rows = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    return Math.max(...rows.map((row) => row.id));
  }

  /** The approval message of a step as it stands in Slack now (after any updates). */
  function approvalMessage(id: number, stepNo = 1): StoredMessage {
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) => buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${id}:${stepNo}`));
    if (!posted) throw new Error(`no approval message for ${id}:${stepNo}`);
    return app.slack
      .messages(posted.response.channel as string)
      .find((m) => m.ts === posted.response.ts) as StoredMessage;
  }

  const shown = (message: StoredMessage | undefined) => replyText(message as { blocks?: unknown[] });
  const dm = (userId: string) => app.slack.messages(`D${userId}`);
  const dmText = (userId: string) => dm(userId).map(shown).join('\n');
  const answers = () => app.slack.callsTo('response_url').map((call) => JSON.stringify(call.args));
  /** Private answers since the last `markAnswers()`. */
  let answered = 0;
  const markAnswers = () => {
    answered = answers().length;
  };
  const newAnswers = () => answers().slice(answered).join('\n');
  /** The next modal opened after `mark` earlier ones. */
  const newView = async (mark: number) => {
    const deadline = Date.now() + 5000;
    while (app.slack.callsTo('views.open').length <= mark && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const opened = app.slack.callsTo('views.open')[mark];
    if (!opened) throw new Error('no form opened');
    return opened;
  };
  const where = (message: StoredMessage) => ({ channelId: message.channel, messageTs: message.ts });
  const thread = (message: StoredMessage) =>
    app.slack
      .messages(message.channel)
      .filter((m) => m.thread_ts === message.ts)
      .map((m) => m.text)
      .join('\n');

  /** The rep's copy of the offer (the DM with Accept and Decline, or what became of it). */
  function offerOf(id: number, stepNo = 1): StoredMessage {
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) =>
        buttonsOf(call.args.blocks as unknown[]).some(
          (b) => b.actionId.startsWith('counter.accept') && b.value === `${id}:${stepNo}`,
        ),
      );
    if (!posted) throw new Error(`no counter-offer for ${id}:${stepNo}`);
    return app.slack
      .messages(posted.response.channel as string)
      .find((m) => m.ts === posted.response.ts) as StoredMessage;
  }

  /** Clicks Counter-offer… and submits the form, as the approver would; returns the HTTP answer. */
  async function counterVia(userId: string, id: number, percent: string, note?: string, stepNo = 1) {
    const mark = app.slack.callsTo('views.open').length;
    await app.click(userId, 'approval.counter', `${id}:${stepNo}`, where(approvalMessage(id, stepNo)));
    const opened = await newView(mark);
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('counter_form');
    const submitted = await app.submit(
      userId,
      'counter_form',
      {
        percent: { percent: { type: 'plain_text_input', value: percent } },
        ...(note ? { note: { note: { type: 'plain_text_input', value: note } } } : {}),
      },
      { privateMetadata: view.private_metadata },
    );
    await app.settle();
    return submitted;
  }

  async function answer(userId: string, id: number, how: 'accept' | 'decline', stepNo = 1) {
    await app.click(userId, `counter.${how}`, `${id}:${stepNo}`, where(offerOf(id, stepNo)));
    await app.settle();
  }

  async function stateOf(id: number) {
    const [row] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    const steps = await app.db
      .select()
      .from(approvalSteps)
      .where(eq(approvalSteps.requestId, id))
      .orderBy(approvalSteps.stepNo);
    return {
      status: row?.status,
      percent: row?.percent,
      asked: row?.askedPercent,
      granted: row?.grantedPercent,
      steps: steps.map((s) => s.status),
    };
  }

  it('offers a smaller cut: the message and thread say so, the rep gets Accept and Decline; accepted within the band, it is approved at once', async () => {
    const id = await request('Acme 12% on 100000 reason:competitor Initech is cheaper');
    expect(buttonsOf(approvalMessage(id).blocks).map((b) => b.text)).toContain('Counter-offer…');

    const submitted = await counterVia(team.supervisor.userId, id, '8', '8% keeps our margin');
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({});

    const message = approvalMessage(id);
    expect(buttonsOf(message.blocks)).toEqual([]);
    expect(shown(message)).toContain('Counter-offer 8% (asked 12%) by Sam Supervisor on 2026-11-23 10:00.');
    expect(shown(message)).toContain("Waiting for Riley Rep's answer.");
    // The offer's cut in money, under its percent: 8% of 100,000.
    expect(shown(message)).toContain('That is CNY 8,000 off CNY 100,000: CNY 92,000.');
    expect(thread(message)).toContain('Sam Supervisor offers 8% instead of the 12% asked for.');
    expect(thread(message)).toContain('8% keeps our margin');
    const offer = offerOf(id);
    expect(shown(offer)).toContain(
      `Sam Supervisor answers your discount request #${id} (12% for Acme Corporation) with a counter-offer: 8%.`,
    );
    expect(shown(offer)).toContain('That is CNY 92,000 instead of CNY 100,000 (CNY 8,000 off).');
    expect(buttonsOf(offer.blocks).map((b) => b.text)).toEqual(['Accept', 'Decline']);
    expect(await stateOf(id)).toMatchObject({ status: 'pending', steps: ['countered'] });

    markAnswers();
    await answer(team.rep.userId, id, 'accept');
    expect(await stateOf(id)).toEqual({
      status: 'approved',
      percent: 8,
      asked: 12,
      granted: 8,
      steps: ['approved'],
    });
    expect(newAnswers()).toContain(`Accepted: request #${id} is approved at 8%.`);
    expect(newAnswers()).toContain(
      'The approval chain is complete: you may quote 8% off — CNY 92,000 instead of CNY 100,000 (CNY 8,000 off).',
    );
    const decided = approvalMessage(id);
    expect(shown(decided)).toContain('12% → 8% (counter-offer)');
    expect(shown(decided)).toContain('Accepted by Riley Rep on 2026-11-23 10:00.');
    expect(thread(decided)).toContain('Riley Rep accepted the counter-offer of 8%.');
    expect(dmText(team.supervisor.userId)).toContain(
      `Riley Rep accepted your counter-offer of 8% on request #${id} (Acme Corporation). The request is approved at that percent.`,
    );
    const offerNow = offerOf(id);
    expect(buttonsOf(offerNow.blocks)).toEqual([]);
    expect(shown(offerNow)).toContain('You accepted 8% on 2026-11-23 10:00.');

    // Old buttons change nothing and say why.
    markAnswers();
    await app.click(team.rep.userId, 'counter.decline', `${id}:1`, where(offerNow));
    await app.click(team.supervisor.userId, 'approval.approve', `${id}:1`, where(decided));
    await app.settle();
    const told = newAnswers();
    expect(told).toContain(`The counter-offer on request #${id} was already accepted at 2026-11-23 10:00.`);
    expect(told).toContain('Already approved by Sam Supervisor at 2026-11-23 10:00. Nothing was changed.');
    expect(await stateOf(id)).toMatchObject({ status: 'approved', granted: 8 });
    const audit = await app.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'discount_request'), eq(auditLog.entityId, id)));
    expect(audit.map((entry) => entry.action)).toEqual(['discount.requested', 'counter.accepted.approved']);

    // Finance sees what was asked, what was granted, and the counter-offer that made the difference.
    let csv = '';
    await exportDiscounts(app.db, (chunk) => {
      csv += chunk;
    });
    const [header, ...lines] = parse(csv) as string[][];
    const row = Object.fromEntries(
      header!.map((column, i) => [column, lines.find((l) => l[0] === String(id))![i]]),
    );
    expect(row).toMatchObject({
      percent_requested: '12',
      percent_granted: '8',
      price_after: '92000',
      step1_decision: 'approved',
      step1_note: '8% keeps our margin',
      step1_counter_percent: '8',
    });
  });

  it('closes the request when the rep declines; the approver is told', async () => {
    const id = await request('Acme 10% on 50000 reason:volume three more sites');
    await counterVia(team.supervisor.userId, id, '7%');
    markAnswers();
    await answer(team.rep.userId, id, 'decline');
    expect(await stateOf(id)).toMatchObject({ status: 'declined', percent: 10, steps: ['countered'] });
    expect(newAnswers()).toContain(`Declined: request #${id} is closed.`);
    const message = approvalMessage(id);
    expect(shown(message)).toContain('Declined by Riley Rep on 2026-11-23 10:00.');
    expect(thread(message)).toContain('Riley Rep declined the counter-offer of 7%; the request is closed.');
    expect(dmText(team.supervisor.userId)).toContain(
      `Riley Rep declined your counter-offer of 7% on request #${id} (Acme Corporation); the request is closed.`,
    );
    expect(buttonsOf(offerOf(id).blocks)).toEqual([]);
    // Accept afterwards changes nothing.
    markAnswers();
    await answer(team.rep.userId, id, 'accept');
    expect(newAnswers()).toContain('was already declined');
    expect(await stateOf(id)).toMatchObject({ status: 'declined' });
  });

  it('refuses a counter at or above the request, a malformed one and one above the chain: the error stays under the field', async () => {
    const id = await request('Acme 12% reason:competitor quoted lower');
    for (const [typed, error] of [
      ['12', 'A counter-offer must be below the 12% asked for (you entered 12%).'],
      ['15', 'A counter-offer must be below the 12% asked for (you entered 15%).'],
      ['abc', ''],
      ['0', ''],
    ] as const) {
      const submitted = await counterVia(team.supervisor.userId, id, typed);
      const body = submitted.body as { response_action?: string; errors?: Record<string, string> };
      expect(body.response_action, typed).toBe('errors');
      expect(body.errors?.percent, typed).toContain(error);
    }
    // The policy tightened since the request: the chain can grant 8% at most now.
    await updateSetting(app.db, 'discountPolicy.managerMaxPercent', '8');
    try {
      const submitted = await counterVia(team.supervisor.userId, id, '10');
      expect((submitted.body as { errors?: Record<string, string> }).errors?.percent).toContain(
        '10% is more than this approval chain can grant (at most 8%).',
      );
    } finally {
      await updateSetting(app.db, 'discountPolicy.managerMaxPercent', '15');
    }
    expect(await stateOf(id)).toMatchObject({ status: 'pending', steps: ['pending'] });
    expect(() => offerOf(id)).toThrow('no counter-offer');

    // Someone who may not decide is told at once, and no form opens.
    markAnswers();
    const views = app.slack.callsTo('views.open').length;
    await app.click(team.other.userId, 'approval.counter', `${id}:1`, where(approvalMessage(id)));
    await app.settle();
    expect(app.slack.callsTo('views.open')).toHaveLength(views);
    expect(newAnswers()).toContain('Only Sam Supervisor can decide this step.');
  });

  it('in a two-step band: a counter still above the first band goes on to step 2 at the new percent', async () => {
    const id = await request('Acme 25% on 200000 reason:competitor a new rival bid');
    await counterVia(team.supervisor.userId, id, '20', 'Dana must see this');
    markAnswers();
    await answer(team.rep.userId, id, 'accept');
    expect(await stateOf(id)).toMatchObject({
      status: 'pending',
      percent: 20,
      asked: 25,
      steps: ['approved', 'pending'],
    });
    expect(newAnswers()).toContain(
      `Accepted: request #${id} is now 20% and goes to Dana Director for step 2.`,
    );
    expect(dmText(team.supervisor.userId)).toContain('It now goes to Dana Director for step 2.');
    const second = approvalMessage(id, 2);
    expect(shown(second)).toContain('25% → 20% (counter-offer)');
    expect(shown(second)).toContain('Sam Supervisor');
    expect(shown(second)).toContain('Dana must see this');

    await app.click(team.director.userId, 'approval.approve', `${id}:2`, where(second));
    await app.settle();
    expect(await stateOf(id)).toMatchObject({ status: 'approved', granted: 20 });
    expect(shown(approvalMessage(id, 1))).toContain('🏁 Final: approved by Dana Director');
  });

  it('in a two-step band: a counter within the first approver’s own band is approved at once, step 2 never asked', async () => {
    const id = await request('Acme 28% reason:competitor a new rival bid');
    await counterVia(team.supervisor.userId, id, '12');
    await answer(team.rep.userId, id, 'accept');
    expect(await stateOf(id)).toMatchObject({
      status: 'approved',
      granted: 12,
      steps: ['approved', 'cancelled'],
    });
    expect(dmText(team.director.userId)).not.toContain(`#${id}`);
  });

  it('lets the rep withdraw instead of answering, from /discount withdraw, which lists the offer with its buttons', async () => {
    const id = await request('Acme 9% reason:volume a bigger order');
    await counterVia(team.supervisor.userId, id, '6');
    markAnswers();
    const list = await app.command(team.rep.userId, '/discount', 'withdraw');
    const listed = list.body as { blocks?: unknown[] };
    expect(replyText(listed)).toContain(
      `#${id} · 9% for Acme Corporation · counter-offer 6% from Sam Supervisor`,
    );
    expect(
      buttonsOf(listed.blocks ?? [])
        .filter((b) => b.value === `${id}:1` || b.value === String(id))
        .map((b) => b.text),
    ).toEqual(['Accept', 'Decline', 'Withdraw']);

    const mark = app.slack.callsTo('views.open').length;
    await app.click(team.rep.userId, 'approval.withdraw', String(id), where(offerOf(id)));
    const opened = await newView(mark);
    const view = opened.args.view as { private_metadata: string };
    await app.submit(team.rep.userId, 'withdraw_form', {}, { privateMetadata: view.private_metadata });
    await app.settle();
    expect(await stateOf(id)).toMatchObject({ status: 'withdrawn', steps: ['countered'] });
    const offer = offerOf(id);
    expect(buttonsOf(offer.blocks)).toEqual([]);
    expect(shown(offer)).toContain('No longer open: Withdrawn by Riley Rep on 2026-11-23 10:00');
    expect(shown(approvalMessage(id))).toContain('Withdrawn by Riley Rep on 2026-11-23 10:00');
    expect(dmText(team.supervisor.userId)).toContain(`Riley Rep withdrew discount request #${id}`);
    markAnswers();
    await answer(team.rep.userId, id, 'accept');
    expect(newAnswers()).toContain(`Request #${id} was withdrawn by Riley Rep`);
  });

  it('while the rep thinks: no reminders to approvers, one reminder to the rep, and expiry as declined after 5 working days', async () => {
    const id = await request('Acme 11% on 80000 reason:competitor another offer');
    await counterVia(team.supervisor.userId, id, '9');
    const message = approvalMessage(id);
    await app.tick('2026-11-23T05:59:00Z'); // 13:59: not yet
    expect(shown(offerOf(id))).not.toContain('Reminder');
    expect(app.slack.messages(offerOf(id).channel).filter((m) => m.thread_ts === offerOf(id).ts)).toEqual([]);
    await app.tick('2026-11-23T06:00:00Z'); // 14:00: four working hours
    await app.tick('2026-11-24T06:00:00Z');
    const offer = offerOf(id);
    const reminders = app.slack
      .messages(offer.channel)
      .filter((m) => m.thread_ts === offer.ts)
      .map((m) => m.text);
    expect(reminders).toEqual([
      `Reminder: Sam Supervisor's counter-offer of 9% on request #${id} (Acme Corporation) is waiting for your answer. Unanswered, it expires after 5 working days.`,
    ]);
    // The approver's thread hears no reminder and no escalation, however long it waits.
    await app.tick('2026-11-26T08:00:00Z');
    expect(thread(message)).not.toContain('Reminder');
    expect(dmText(team.director.userId)).not.toContain(`#${id}`);
    await app.tick('2026-11-30T01:59:00Z'); // next Monday 09:59: 44 h 59 min of 45
    expect(await stateOf(id)).toMatchObject({ status: 'pending', steps: ['countered'] });
    await app.tick('2026-11-30T02:00:00Z');
    expect(await stateOf(id)).toMatchObject({ status: 'declined' });
    expect(thread(message)).toContain(
      'Nobody answered the counter-offer of 9% within 5 working days; the request is closed as declined.',
    );
    expect(dmText(team.supervisor.userId)).toContain(
      `Your counter-offer of 9% on request #${id} (Acme Corporation) went unanswered for 5 working days`,
    );
    expect(shown(offerOf(id))).toContain('The counter-offer expired unanswered on 2026-11-30 10:00');
    expect(buttonsOf(offerOf(id).blocks)).toEqual([]);
  });

  it('an Accept racing a withdrawal gives one outcome, and the loser is told which', async () => {
    const id = await request('Acme 13% on 10000 reason:competitor race');
    await counterVia(team.supervisor.userId, id, '10');
    markAnswers();
    const mark = app.slack.callsTo('views.open').length;
    await app.click(team.rep.userId, 'approval.withdraw', String(id), where(offerOf(id)));
    const opened = await newView(mark);
    const view = opened.args.view as { private_metadata: string };
    await Promise.all([
      app.click(team.rep.userId, 'counter.accept', `${id}:1`, where(offerOf(id))),
      app.submit(team.rep.userId, 'withdraw_form', {}, { privateMetadata: view.private_metadata }),
    ]);
    await app.settle();
    const state = await stateOf(id);
    expect(['approved', 'withdrawn']).toContain(state.status);
    const audit = await app.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'discount_request'), eq(auditLog.entityId, id)));
    const outcomes = audit.map((e) => e.action).filter((a) => a !== 'discount.requested');
    expect(outcomes).toHaveLength(1);
    if (state.status === 'approved') expect(state.steps).toEqual(['approved']);
    else expect(state.steps).toEqual(['countered']);
  });
});

describe('counter-offers in Chinese', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam('zh-CN');
    await app.makeCustomer({ name: '华东电气', tier: 'A', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  it('shows the form, the offer and the outcome in Simplified Chinese', async () => {
    await app.command(team.rep.userId, '/discount', '华东电气 12% on 100000 reason:competitor 对手报价更低');
    await app.settle();
    const [row] = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    const id = row!.id;
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((call) => buttonsOf(call.args.blocks as unknown[]).some((b) => b.value === `${id}:1`))!;
    const where = { channelId: posted.response.channel as string, messageTs: posted.response.ts as string };
    await app.click(team.supervisor.userId, 'approval.counter', `${id}:1`, where);
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as { private_metadata: string; title: { text: string } };
    expect(view.title.text).toBe('还价');
    const refused = await app.submit(
      team.supervisor.userId,
      'counter_form',
      { percent: { percent: { type: 'plain_text_input', value: '20' } } },
      { privateMetadata: view.private_metadata },
    );
    expect(JSON.stringify(refused.body)).toContain('还价必须低于申请的 12%');
    await app.submit(
      team.supervisor.userId,
      'counter_form',
      { percent: { percent: { type: 'plain_text_input', value: '8' } } },
      { privateMetadata: view.private_metadata },
    );
    await app.settle();
    const offer = app.slack
      .messages(`D${team.rep.userId}`)
      .find((m) => buttonsOf(m.blocks).some((b) => b.actionId.startsWith('counter.accept')))!;
    expect(replyText(offer)).toContain('还价');
    expect(buttonsOf(offer.blocks).map((b) => b.text)).toEqual(['接受', '拒绝']);
    await app.click(team.rep.userId, 'counter.accept', `${id}:1`, {
      channelId: offer.channel,
      messageTs: offer.ts,
    });
    await app.settle();
    const answer = app.slack
      .callsTo('response_url')
      .map((call) => JSON.stringify(call.args))
      .join('\n');
    expect(answer).toContain(`#${id}`);
    expect(answer).toContain('8%');
    const [after] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, id));
    expect(after).toMatchObject({ status: 'approved', grantedPercent: 8 });
  });
});
