import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { customers, discountRequests, visits } from '../../src/db/schema.ts';
import { replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

describe('forms opened by bare /visit and /discount', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  let globex: Awaited<ReturnType<TestApp['makeCustomer']>>;
  let initech: Awaited<ReturnType<TestApp['makeCustomer']>>;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    globex = await app.makeCustomer({ name: 'Globex', tier: 'D', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Global Dynamics', tier: 'A', ownerId: team.rep.id });
    initech = await app.makeCustomer({ name: 'Initech', ownerId: team.other.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    app.slack.reset();
  });

  const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
  const external = (value: string) => ({ type: 'external_select', selected_option: { value } });
  const input = (value: string) => ({ type: 'plain_text_input', value });

  it('opens the visit form, suggests only the rep’s customers, and stores the submission', async () => {
    const reply = await app.command(team.rep.userId, '/visit', '');
    expect(reply.status).toBe(200);
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as { callback_id: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('visit_form');
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'customer',
      'kind',
      'stage',
      'summary',
      'next_step',
      'next',
    ]);

    const suggestions = await app.suggest(team.rep.userId, 'glo');
    expect(suggestions.options.map((o) => o.text.text)).toEqual(['Global Dynamics', 'Globex']);
    const none = await app.suggest(team.rep.userId, 'initech');
    expect(none.options).toEqual([]);

    const submitted = await app.submit(team.rep.userId, 'visit_form', {
      customer: { customer: external(String(globex.id)) },
      kind: { kind: select('meal') },
      stage: { stage: select('relationship') },
      summary: { summary: input('Dinner with the procurement lead') },
      next_step: { next_step: input('Send the revised quote') },
      next: { next: { type: 'datepicker', selected_date: null } },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({});
    const [visit] = await app.db.select().from(visits).where(eq(visits.customerId, globex.id));
    expect(visit).toMatchObject({ kind: 'meal', stage: 'relationship', nextStep: 'Send the revised quote' });
    const [row] = await app.db.select().from(customers).where(eq(customers.id, globex.id));
    expect(row?.nextFollowUpOn).toBe('2026-12-21'); // tier D: 30 days is a Sunday, so Monday
    await app.settle();
    const dm = app.slack.messages(`D${team.rep.userId}`).at(-1)!;
    expect(dm.text).toContain('Meal logged for Globex');
  });

  it('keeps the visit form open with field errors on bad input, and stores nothing', async () => {
    const before = (await app.db.select().from(visits)).length;
    const submitted = await app.submit(team.rep.userId, 'visit_form', {
      customer: { customer: external(String(initech.id)) },
      kind: { kind: select('visit') },
      summary: { summary: input('x') },
    });
    expect(submitted.body).toMatchObject({
      response_action: 'errors',
      errors: { customer: expect.any(String) },
    });
    const pastDate = await app.submit(team.rep.userId, 'visit_form', {
      customer: { customer: external(String(globex.id)) },
      kind: { kind: select('visit') },
      summary: { summary: input('ok') },
      next: { next: { type: 'datepicker', selected_date: '2026-01-01' } },
    });
    expect(pastDate.body).toMatchObject({
      response_action: 'errors',
      errors: { next: expect.stringContaining('past') },
    });
    expect((await app.db.select().from(visits)).length).toBe(before);
  });

  it('stores a double-submitted form (same view) once', async () => {
    const values = {
      customer: { customer: external(String(globex.id)) },
      kind: { kind: select('call') },
      summary: { summary: input('double submit') },
    };
    await app.submit(team.rep.userId, 'visit_form', values, { viewId: 'VDOUBLE1' });
    await app.submit(team.rep.userId, 'visit_form', values, { viewId: 'VDOUBLE1' });
    const rows = await app.db.select().from(visits).where(eq(visits.summary, 'double submit'));
    expect(rows).toHaveLength(1);
  });

  it('opens the discount form, requires a reason, and routes the submission', async () => {
    await app.command(team.rep.userId, '/discount', '');
    const opened = await app.slack.waitFor('views.open');
    expect((opened.args.view as { callback_id: string }).callback_id).toBe('discount_form');

    const missing = await app.submit(team.rep.userId, 'discount_form', {
      customer: { customer: external(String(globex.id)) },
      percent: { percent: input('12') },
      justification: { justification: input('competitive pressure') },
    });
    expect(missing.body).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });

    const bad = await app.submit(team.rep.userId, 'discount_form', {
      customer: { customer: external(String(globex.id)) },
      percent: { percent: input('abc') },
      amount: { amount: input('-3') },
      reason: { reason: select('competitor') },
      justification: { justification: input('x') },
    });
    expect(bad.body).toMatchObject({
      response_action: 'errors',
      errors: {
        percent: expect.stringContaining('not a percentage'),
        amount: expect.stringContaining('above zero'),
      },
    });

    const ok = await app.submit(team.rep.userId, 'discount_form', {
      customer: { customer: external(String(globex.id)) },
      percent: { percent: input('12%') },
      amount: { amount: input('80k') },
      reason: { reason: select('competitor') },
      justification: { justification: input('Matching a competing quote') },
    });
    expect(ok.body).toEqual({});
    const [request] = await app.db
      .select()
      .from(discountRequests)
      .where(eq(discountRequests.customerId, globex.id));
    expect(request).toMatchObject({ percent: 12, amount: 80000, reason: 'competitor', status: 'pending' });
    await app.settle();
    expect(replyText({ blocks: app.slack.messages(`D${team.rep.userId}`).at(-1)?.blocks })).toContain(
      'is waiting for Sam Supervisor',
    );
  });

  it('refuses a form request over the ceiling, naming it', async () => {
    const over = await app.submit(team.rep.userId, 'discount_form', {
      customer: { customer: external(String(globex.id)) },
      percent: { percent: input('45') },
      reason: { reason: select('budget') },
      justification: { justification: input('too much') },
    });
    expect(over.body).toMatchObject({ errors: { percent: expect.stringContaining('ceiling of 30%') } });
  });
});

describe('a member who reads Chinese', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp({ clock: new TestClock(new Date('2026-11-20T02:00:00Z')) });
    team = await app.makeTeam('zh-CN');
    await app.makeCustomer({ name: '华为技术有限公司', tier: 'A', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  it('gets replies, approval messages and errors in Simplified Chinese', async () => {
    const visit = await app.command(team.rep.userId, '/visit', '华为 拜访了采购总监');
    expect(replyText(visit.body)).toContain(
      '已记录对华为技术有限公司的拜访（2026-11-20）。下次跟进：2026-11-23。',
    );

    const request = await app.command(
      team.rep.userId,
      '/discount',
      '华为技术有限公司 10% on 12万 reason:竞品 对手报价低',
    );
    expect(replyText(request.body)).toContain('已提交给 Sam Supervisor 审批');
    await app.settle();
    const approval = app.slack
      .callsTo('chat.postMessage')
      .find((c) => String(c.args.text).startsWith('折扣申请'))!;
    const shown = replyText({ blocks: approval.args.blocks as unknown[] });
    expect(shown).toContain('竞争对手报价更低');
    expect(shown).toContain('120,000');
    expect(shown).toContain('108,000');
    expect(shown).toContain('批准');

    const bad = await app.command(team.rep.userId, '/discount', '华为 150% reason:budget x');
    expect(replyText(bad.body)).toContain('超出范围');
  });
});
