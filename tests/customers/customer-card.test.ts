import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import { discountRequests } from '../../src/db/schema.ts';
import { replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/** The discount history of `/customer`: what a key-account manager reads before the next price talk. */
describe('the customer card’s discounts', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  // 10:00 in Shanghai, the team's default zone: card dates are local dates.
  const clock = new TestClock(new Date('2026-03-02T02:00:00Z'));
  const DAY = 24 * 60 * 60 * 1000;

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    app.slack.reset();
  });

  async function latestRequestId(): Promise<number> {
    const rows = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    return Math.max(...rows.map((row) => row.id));
  }

  /** Files a request as `userId` with `/discount`; returns its id. */
  let deals = 0;
  async function discount(userId: string, text: string): Promise<number> {
    // Each its own deal: requests on one deal would replace each other (see tests/discounts/deals.test.ts).
    const reply = await app.command(userId, '/discount', `${text} deal:C${++deals}`);
    expect(reply.status).toBe(200);
    await app.settle();
    return latestRequestId();
  }

  async function approve(userId: string, id: number, stepNo = 1): Promise<void> {
    await app.click(userId, 'approval.approve', `${id}:${stepNo}`);
    await app.settle();
  }

  /** Reject asks for a note in a form first; it is sent empty. */
  async function reject(userId: string, id: number, stepNo = 1): Promise<void> {
    const click = await app.click(userId, 'approval.reject', `${id}:${stepNo}`);
    const opened = await app.slack.waitFor(
      (call) => call.method === 'views.open' && call.args.trigger_id === click.triggerId,
    );
    const view = opened.args.view as { private_metadata: string };
    await app.submit(userId, 'reject_form', {}, { privateMetadata: view.private_metadata });
    await app.settle();
  }

  /** The lines of the card's discount section (its last), as the reader sees them. */
  async function discountSection(userId: string, customer: string, header: string): Promise<string[]> {
    const card = await app.command(userId, '/customer', customer);
    const lines = replyText(card.body).split('\n');
    const start = lines.indexOf(header);
    expect(start, `no “${header}” in the card`).toBeGreaterThanOrEqual(0);
    return lines.slice(start + 1);
  }

  const nextDay = () => clock.advance(DAY);

  it('says so when the customer has had no discount', async () => {
    await app.makeCustomer({ name: 'Initech', ownerId: team.rep.id });
    const card = await app.command(team.rep.userId, '/customer', 'Initech');
    const text = replyText(card.body);
    expect(text).toContain('Discounts in the last 12 months\nNo discounts in the last 12 months.');
    expect(text).not.toContain('waiting for');
  });

  it('lists each request with its date, percent, amount, outcome and who decided, newest first', async () => {
    clock.set('2026-03-02T02:00:00Z');
    await app.makeCustomer({ name: 'Acme Corporation', tier: 'A', ownerId: team.rep.id });
    await discount(team.rep.userId, 'Acme 4% on 10000 reason:volume 500 seats');
    nextDay();
    const approved = await discount(
      team.rep.userId,
      'Acme 10% on 120,000 reason:competitor Initech quoted lower',
    );
    await approve(team.supervisor.userId, approved);
    nextDay();
    const rejected = await discount(team.rep.userId, 'Acme 12% reason:leverage they always ask');
    await reject(team.supervisor.userId, rejected);
    nextDay();
    // Two steps: the director's approval ends it, so the director is the one who decided.
    const twoStep = await discount(team.rep.userId, 'Acme 20% on 50000 reason:strategic flagship logo');
    await approve(team.supervisor.userId, twoStep, 1);
    await approve(team.director.userId, twoStep, 2);
    nextDay();
    // Step 1 approved, step 2 rejected: the rejecting step names who decided.
    const rejectedAtTwo = await discount(team.rep.userId, 'Acme 25% on 80000 reason:budget cash is tight');
    await approve(team.supervisor.userId, rejectedAtTwo, 1);
    await reject(team.director.userId, rejectedAtTwo, 2);
    nextDay();
    const atStepTwo = await discount(team.rep.userId, 'Acme 18% on 60000 reason:competitor second quote');
    await approve(team.supervisor.userId, atStepTwo, 1);
    nextDay();
    const open = await discount(team.rep.userId, 'Acme 6.5% on 1.2m reason:budget card check');

    expect(await discountSection(team.rep.userId, 'acme corp', 'Discounts in the last 12 months')).toEqual([
      `2026-03-08 · 6.5% on CNY 1,200,000 · pending, waiting for Sam Supervisor (#${open})`,
      `2026-03-07 · 18% on CNY 60,000 · pending, waiting for Dana Director (#${atStepTwo})`,
      '2026-03-06 · 25% on CNY 80,000 · rejected by Dana Director',
      '2026-03-05 · 20% on CNY 50,000 · approved by Dana Director',
      '2026-03-04 · 12% · rejected by Sam Supervisor',
      '2026-03-03 · 10% on CNY 120,000 · approved by Sam Supervisor',
      '2026-03-02 · 4% on CNY 10,000 · auto-approved (automatic)',
    ]);
    // The open requests are part of the history, not listed a second time.
    const text = replyText((await app.command(team.rep.userId, '/customer', 'acme corp')).body);
    expect(text.split(`#${open}`)).toHaveLength(2);
    expect(text).not.toContain('Open discount requests');
  });

  it('shows an open request whatever its age, and only the last 12 months of decided ones', async () => {
    clock.set('2025-01-10T02:00:00Z');
    await app.makeCustomer({ name: 'Globex', ownerId: team.rep.id });
    await discount(team.rep.userId, 'Globex 3% on 20000 reason:volume yearly order');
    const open = await discount(team.rep.userId, 'Globex 8% reason:competitor still thinking');

    clock.set('2026-01-09T02:00:00Z');
    expect(await discountSection(team.rep.userId, 'Globex', 'Discounts in the last 12 months')).toEqual([
      `2025-01-10 · 8% · pending, waiting for Sam Supervisor (#${open})`,
      '2025-01-10 · 3% on CNY 20,000 · auto-approved (automatic)',
    ]);

    clock.set('2026-01-11T02:00:00Z');
    expect(await discountSection(team.rep.userId, 'Globex', 'Discounts in the last 12 months')).toEqual([
      `2025-01-10 · 8% · pending, waiting for Sam Supervisor (#${open})`,
    ]);

    await approve(team.supervisor.userId, open);
    expect(await discountSection(team.rep.userId, 'Globex', 'Discounts in the last 12 months')).toEqual([
      'No discounts in the last 12 months.',
    ]);
  });

  it('shows the 10 newest and says how many more, never hiding an open request', async () => {
    clock.set('2026-05-01T02:00:00Z');
    await app.makeCustomer({ name: 'Hooli', ownerId: team.rep.id });
    // Eleven automatic approvals in eleven days: more than the team's default limit lets through.
    await updateSetting(app.db, 'discountPolicy.maxAutoApprovalsPerCustomer', '20');
    const open = await discount(team.rep.userId, 'Hooli 9% on 5000 reason:budget oldest and still open');
    const percents = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 0.5, 2.25];
    for (const percent of percents) {
      nextDay();
      await discount(team.rep.userId, `Hooli ${percent}% on 1000 reason:volume order ${percent}`);
    }

    const lines = await discountSection(team.rep.userId, 'Hooli', 'Discounts in the last 12 months');
    expect(lines).toEqual([
      '2026-05-12 · 2.25% on CNY 1,000 · auto-approved (automatic)',
      '2026-05-11 · 0.5% on CNY 1,000 · auto-approved (automatic)',
      '2026-05-10 · 5% on CNY 1,000 · auto-approved (automatic)',
      '2026-05-09 · 4.5% on CNY 1,000 · auto-approved (automatic)',
      '2026-05-08 · 4% on CNY 1,000 · auto-approved (automatic)',
      '2026-05-07 · 3.5% on CNY 1,000 · auto-approved (automatic)',
      '2026-05-06 · 3% on CNY 1,000 · auto-approved (automatic)',
      '2026-05-05 · 2.5% on CNY 1,000 · auto-approved (automatic)',
      '2026-05-04 · 2% on CNY 1,000 · auto-approved (automatic)',
      `2026-05-01 · 9% on CNY 5,000 · pending, waiting for Sam Supervisor (#${open})`,
      '…and 2 more.',
    ]);
    await updateSetting(app.db, 'discountPolicy.maxAutoApprovalsPerCustomer', '2');
  });

  it('speaks Simplified Chinese to a member who reads it', async () => {
    clock.set('2026-06-01T02:00:00Z');
    const director = await app.makeMember({ role: 'director', name: '吴丹', locale: 'zh-CN' });
    const supervisor = await app.makeMember({
      role: 'supervisor',
      name: '李森',
      managerId: director.id,
      locale: 'zh-CN',
    });
    const rep = await app.makeMember({
      role: 'rep',
      name: '陈锐',
      managerId: supervisor.id,
      locale: 'zh-CN',
    });
    await app.makeCustomer({ name: '华为技术有限公司', ownerId: rep.id });
    await app.makeCustomer({ name: '华润', ownerId: rep.id });

    await discount(rep.userId, '华为技术 4% on 10000 reason:volume 批量采购');
    nextDay();
    const approved = await discount(rep.userId, '华为技术 10% on 12万 reason:competitor 对手报价更低');
    await approve(supervisor.userId, approved);
    nextDay();
    const rejected = await discount(rep.userId, '华为技术 12% reason:leverage 总是压价');
    await reject(supervisor.userId, rejected);
    nextDay();
    const open = await discount(rep.userId, '华为技术 7% on 30000 reason:budget 预算紧张');

    expect(await discountSection(rep.userId, '华为技术有限公司', '近12个月的折扣')).toEqual([
      `2026-06-04：7%，金额 ¥30,000，等待李森审批（#${open}）`,
      '2026-06-03：12%，由李森驳回',
      '2026-06-02：10%，金额 ¥120,000，由李森批准',
      '2026-06-01：4%，金额 ¥10,000，系统自动批准',
    ]);
    const card = await app.command(rep.userId, '/customer', '华润');
    expect(replyText(card.body)).toContain('近12个月的折扣\n近12个月没有折扣。');
  });
});
