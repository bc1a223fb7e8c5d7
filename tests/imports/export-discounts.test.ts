/**
 * The finance and audit exports over requests made the real way: signed Slack commands, forms and
 * clicks against the service, with the clock set around the team zone's midnights (Asia/Shanghai,
 * UTC+8). The CLI's options and file output are in tests/cli/cli.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/app/imports/csv.ts';
import { type ExportPeriod, exportCsv } from '../../src/app/imports/export-csv.ts';
import { unguardFormula } from '../../src/app/imports/formula-guard.ts';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import { discountRequests } from '../../src/db/schema.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';

const ZONE = 'Asia/Shanghai';
/** Wednesday 18 and Thursday 19 November 2026, in Shanghai: 2026-11-17T16:00Z up to 2026-11-19T16:00Z. */
const PERIOD: ExportPeriod = { from: '2026-11-18', to: '2026-11-19', timeZone: ZONE };

const TRICKY = 'Initech, the "big" one,\nquoted 12% lower';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

type Row = Record<string, string>;

describe('discounts and audit exports', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-17T15:59:59Z'));
  const ids: Record<string, number> = {};

  async function latestRequestId(): Promise<number> {
    const rows = await app.db.select({ id: discountRequests.id }).from(discountRequests);
    return Math.max(...rows.map((row) => row.id));
  }

  /** Files a request at `at` with a slash command; returns its id. */
  async function discount(at: string, text: string): Promise<number> {
    clock.set(at);
    await app.command(team.rep.userId, '/discount', text);
    await app.settle();
    return latestRequestId();
  }

  /** Files a request at `at` with the discount form, whose justification keeps line breaks. */
  async function discountForm(at: string, customerId: number, percent: string, justification: string) {
    clock.set(at);
    const input = (value: string) => ({ type: 'plain_text_input', value });
    const submitted = await app.submit(team.rep.userId, 'discount_form', {
      customer: { customer: { type: 'external_select', selected_option: { value: String(customerId) } } },
      percent: { percent: input(percent) },
      amount: { amount: input('120000') },
      // Each its own deal: a second request on one deal would replace the first.
      deal: { deal: input(`F-${percent}`) },
      reason: { reason: { type: 'static_select', selected_option: { value: 'competitor' } } },
      justification: { justification: input(justification) },
    });
    expect(submitted.body).toEqual({});
    await app.settle();
    return latestRequestId();
  }

  async function approve(at: string, userId: string, id: number, stepNo: number) {
    clock.set(at);
    await app.click(userId, 'approval.approve', `${id}:${stepNo}`);
    await app.settle();
  }

  async function reject(at: string, userId: string, id: number, note: string) {
    clock.set(at);
    app.slack.reset();
    await app.click(userId, 'approval.reject', `${id}:1`);
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as { private_metadata: string };
    await app.submit(
      userId,
      'reject_form',
      { note: { note: { type: 'plain_text_input', value: note } } },
      { privateMetadata: view.private_metadata },
    );
    await app.settle();
  }

  async function exported(kind: 'discounts' | 'audit', period?: ExportPeriod): Promise<Row[]> {
    let text = '';
    const count = await exportCsv(
      app.db,
      kind,
      (chunk) => {
        text += chunk;
      },
      period,
    );
    const [header, ...records] = parseCsv(text);
    expect(records).toHaveLength(count);
    return records.map((record) =>
      Object.fromEntries(header!.fields.map((name, i) => [name, record.fields[i] ?? ''])),
    );
  }

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    const acme = await app.makeCustomer({ name: 'Acme Corporation', tier: 'A', ownerId: team.rep.id });
    const globex = await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: team.rep.id });
    await updateSetting(app.db, 'currency', 'USD');
    // Four small Globex cuts in three days: more automatic approvals than the default limit allows.
    await updateSetting(app.db, 'discountPolicy.maxAutoApprovalsPerCustomer', '10');

    // Tuesday 23:59:59 in Shanghai: the day before the period.
    ids.before = await discount('2026-11-17T15:59:59Z', 'Globex 3% on 1000 reason:volume the day before');
    // Wednesday 00:00:00: the first instant of the period.
    ids.auto = await discount('2026-11-17T16:00:00Z', 'Globex 4% on 10000 reason:volume ordering 500 seats');
    ids.twoStep = await discount('2026-11-18T01:00:00Z', 'Acme 20% on 50,000 reason:strategic flagship logo');
    await approve('2026-11-18T02:00:00Z', team.supervisor.userId, ids.twoStep, 1);
    await approve('2026-11-18T03:00:00Z', team.director.userId, ids.twoStep, 2);
    ids.rejected = await discount(
      '2026-11-18T04:00:00Z',
      'Acme 12% on 80000 reason:leverage they always ask',
    );
    await reject('2026-11-18T05:00:00Z', team.supervisor.userId, ids.rejected, 'Sell the service plan first');
    ids.tricky = await discountForm('2026-11-18T06:00:00Z', acme.id, '10', TRICKY);
    ids.formula = await discountForm('2026-11-18T07:00:00Z', globex.id, '8', FORMULA);
    ids.escalated = await discount(
      '2026-11-19T01:00:00Z',
      'Acme 9% deal:E-9 reason:budget cash is tight this quarter',
    );
    // Thursday 23:59:59: the last instant of the period; then Friday 00:00, the day after.
    ids.last = await discount('2026-11-19T15:59:59Z', 'Globex 2% reason:volume last order of the day');
    ids.after = await discount('2026-11-19T16:00:00Z', 'Globex 1% reason:volume the day after');
    // Sam leaves the 9% request for 8 working hours: it escalates to Dana, who decides it herself.
    await updateSetting(app.db, 'escalateAfterHours', '8');
    await app.tick('2026-11-20T01:00:00Z'); // Friday 09:00: Thursday's 9 working hours have passed
    await approve('2026-11-20T02:00:00Z', team.director.userId, ids.escalated, 1);
  }, 120_000);
  afterAll(() => app?.stop());

  it('writes what finance reads: auto-approved, approved in two steps, rejected with a note, pending', async () => {
    const rows = await exported('discounts', PERIOD);
    expect(Object.keys(rows[0]!)).toEqual([
      'request_id',
      'created_at',
      'customer',
      'deal',
      'requester',
      'requester_user_id',
      'percent_requested',
      'percent_granted',
      'amount',
      'currency',
      'price_after',
      'reason',
      'justification',
      'status',
      'decided_at',
      'closed_note',
      'replaced_by',
      'step1_approver',
      'step1_decision',
      'step1_note',
      'step1_decided_at',
      'step2_approver',
      'step2_decision',
      'step2_note',
      'step2_decided_at',
      'step1_counter_percent',
      'step2_counter_percent',
    ]);
    const noCounter = { step1_counter_percent: '', step2_counter_percent: '' };
    const byId = (id: number | undefined) => rows.find((row) => row.request_id === String(id));
    const noStep = { approver: '', decision: '', note: '', decided_at: '' };
    const step = (n: 1 | 2, cells: typeof noStep) =>
      Object.fromEntries(Object.entries(cells).map(([key, value]) => [`step${n}_${key}`, value]));
    const requester = { requester: 'Riley Rep', requester_user_id: team.rep.userId };

    expect(byId(ids.auto)).toEqual({
      request_id: String(ids.auto),
      created_at: '2026-11-17T16:00:00.000Z',
      customer: 'Globex',
      deal: '',
      ...requester,
      percent_requested: '4',
      percent_granted: '4',
      amount: '10000',
      currency: 'USD',
      price_after: '9600',
      reason: 'volume',
      justification: 'ordering 500 seats',
      status: 'auto_approved',
      decided_at: '2026-11-17T16:00:00.000Z',
      closed_note: '',
      replaced_by: '',
      ...step(1, noStep),
      ...step(2, noStep),
      ...noCounter,
    });
    expect(byId(ids.twoStep)).toEqual({
      request_id: String(ids.twoStep),
      created_at: '2026-11-18T01:00:00.000Z',
      customer: 'Acme Corporation',
      deal: '',
      ...requester,
      percent_requested: '20',
      percent_granted: '20',
      amount: '50000',
      currency: 'USD',
      price_after: '40000',
      reason: 'strategic',
      justification: 'flagship logo',
      status: 'approved',
      decided_at: '2026-11-18T03:00:00.000Z',
      closed_note: '',
      replaced_by: '',
      ...step(1, {
        approver: 'Sam Supervisor',
        decision: 'approved',
        note: '',
        decided_at: '2026-11-18T02:00:00.000Z',
      }),
      ...step(2, {
        approver: 'Dana Director',
        decision: 'approved',
        note: '',
        decided_at: '2026-11-18T03:00:00.000Z',
      }),
      ...noCounter,
    });
    expect(byId(ids.rejected)).toEqual({
      request_id: String(ids.rejected),
      created_at: '2026-11-18T04:00:00.000Z',
      customer: 'Acme Corporation',
      deal: '',
      ...requester,
      percent_requested: '12',
      percent_granted: '',
      amount: '80000',
      currency: 'USD',
      price_after: '',
      reason: 'leverage',
      justification: 'they always ask',
      status: 'rejected',
      decided_at: '2026-11-18T05:00:00.000Z',
      closed_note: '',
      replaced_by: '',
      ...step(1, {
        approver: 'Sam Supervisor',
        decision: 'rejected',
        note: 'Sell the service plan first',
        decided_at: '2026-11-18T05:00:00.000Z',
      }),
      ...step(2, noStep),
      ...noCounter,
    });
    expect(byId(ids.tricky)).toMatchObject({
      deal: 'F-10',
      percent_requested: '10',
      percent_granted: '',
      amount: '120000',
      currency: 'USD',
      price_after: '',
      reason: 'competitor',
      status: 'pending',
      decided_at: '',
      closed_note: '',
      replaced_by: '',
      ...step(1, { approver: 'Sam Supervisor', decision: 'pending', note: '', decided_at: '' }),
      ...step(2, noStep),
      ...noCounter,
    });
    // No amount given: nothing to take a price from.
    expect(byId(ids.last)).toMatchObject({ percent_granted: '2', amount: '', price_after: '' });
  });

  it('names the escalation manager who decided in the approver’s place', async () => {
    const [row] = (await exported('discounts', PERIOD)).filter((r) => r.request_id === String(ids.escalated));
    expect(row).toMatchObject({
      status: 'approved',
      percent_granted: '9',
      decided_at: '2026-11-20T02:00:00.000Z',
      step1_approver: 'Dana Director',
      step1_decision: 'approved',
      step1_decided_at: '2026-11-20T02:00:00.000Z',
    });
  });

  it('takes both bound days whole in the team zone, oldest first, and leaves the days around out', async () => {
    const inPeriod = (await exported('discounts', PERIOD)).map((row) => Number(row.request_id));
    expect(inPeriod).toEqual([
      ids.auto,
      ids.twoStep,
      ids.rejected,
      ids.tricky,
      ids.formula,
      ids.escalated,
      ids.last,
    ]);
    const everything = (await exported('discounts')).map((row) => Number(row.request_id));
    expect(everything).toEqual([ids.before, ...inPeriod, ids.after]);
    // One bound only: open on the other side.
    const fromFriday = await exported('discounts', { from: '2026-11-20', timeZone: ZONE });
    expect(fromFriday.map((row) => Number(row.request_id))).toEqual([ids.after]);
    const untilTuesday = await exported('discounts', { to: '2026-11-17', timeZone: ZONE });
    expect(untilTuesday.map((row) => Number(row.request_id))).toEqual([ids.before]);
    // The same instants read in UTC fall on other days: the zone decides.
    const utc = await exported('discounts', { from: '2026-11-17', to: '2026-11-17', timeZone: 'UTC' });
    expect(utc.map((row) => Number(row.request_id))).toEqual([ids.before, ids.auto]);
  });

  it('keeps a comma, a quote and a line break in one cell, and defuses a leading =', async () => {
    let text = '';
    await exportCsv(
      app.db,
      'discounts',
      (chunk) => {
        text += chunk;
      },
      PERIOD,
    );
    expect(text).toContain(',"Initech, the ""big"" one,\nquoted 12% lower",pending,');
    // What a spreadsheet opens: the formula is text behind a quote, not a live cell.
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",pending,`);
    const rows = await exported('discounts', PERIOD);
    const justification = (id: number | undefined) =>
      unguardFormula(rows.find((row) => row.request_id === String(id))!.justification!);
    expect(justification(ids.tricky)).toBe(TRICKY);
    expect(justification(ids.formula)).toBe(FORMULA);
  });

  it('lists the actions of those requests in the audit log, with the actors’ names', async () => {
    const rows = await exported('audit', PERIOD);
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'at',
      'actor',
      'actor_user_id',
      'action',
      'entity',
      'entity_id',
      'before',
      'after',
    ]);
    expect(rows.map((row) => Number(row.id))).toEqual(
      rows.map((row) => Number(row.id)).sort((a, b) => a - b),
    );
    const ofRequest = (id: number | undefined) =>
      rows
        .filter((row) => row.entity === 'discount_request' && row.entity_id === String(id))
        .map((row) => [row.action, row.actor, row.actor_user_id]);
    const riley = ['Riley Rep', team.rep.userId];
    const sam = ['Sam Supervisor', team.supervisor.userId];
    const dana = ['Dana Director', team.director.userId];
    expect(ofRequest(ids.auto)).toEqual([['discount.auto_approved', ...riley]]);
    expect(ofRequest(ids.twoStep)).toEqual([
      ['discount.requested', ...riley],
      ['discount.forwarded', ...sam],
      ['discount.approved', ...dana],
    ]);
    expect(ofRequest(ids.rejected)).toEqual([
      ['discount.requested', ...riley],
      ['discount.rejected', ...sam],
    ]);
    expect(ofRequest(ids.tricky)).toEqual([['discount.requested', ...riley]]);
    // Outside the period (by when it happened), so not here: the day-after request, the escalation.
    expect(ofRequest(ids.after)).toEqual([]);
    expect(rows.some((row) => row.action === 'approval.escalated')).toBe(false);

    const rejection = rows.find((row) => row.action === 'approval.rejected')!;
    expect(rejection).toMatchObject({
      at: '2026-11-18T05:00:00.000Z',
      actor: 'Sam Supervisor',
      entity: 'approval_step',
      before: '{"status":"pending"}',
    });
    expect(JSON.parse(rejection.after!)).toEqual({ status: 'rejected', note: 'Sell the service plan first' });
    const requested = rows.find(
      (row) => row.action === 'discount.requested' && row.entity_id === String(ids.tricky),
    )!;
    expect(requested.before).toBe('');
    expect(JSON.parse(requested.after!)).toMatchObject({ justification: TRICKY, percent: 10 });

    // The escalation was done by nobody: its actor is empty.
    const friday = await exported('audit', { from: '2026-11-20', to: '2026-11-20', timeZone: ZONE });
    expect(friday.find((row) => row.action === 'approval.escalated')).toMatchObject({
      actor: '',
      actor_user_id: '',
      entity: 'approval_step',
    });
  });
});
