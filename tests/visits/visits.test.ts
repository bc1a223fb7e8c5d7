import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, visits } from '../../src/db/schema.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

describe('/visit over Slack', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z')); // Friday 10:00 in Shanghai

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Acme Corporation', tier: 'A', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Acme Labs', tier: 'C', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: team.rep.id });
    await app.makeCustomer({ name: '华为技术', tier: 'A', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Initech', tier: 'B', ownerId: team.other.id });
  });
  afterAll(() => app?.stop());

  it('logs a visit from text and moves the follow-up by the tier cadence', async () => {
    const reply = await app.command(team.rep.userId, '/visit', 'Globex met the CFO, budget approved');
    expect(reply.status).toBe(200);
    expect(reply.body.response_type).toBe('ephemeral');
    const text = replyText(reply.body);
    expect(text).toContain('Visit logged for Globex on 2026-11-20');
    expect(text).toContain('Next follow-up: 2026-11-27');
    expect(text).toContain('met the CFO, budget approved');
    const [globex] = await app.db.select().from(customers).where(eq(customers.name, 'Globex'));
    expect(globex?.lastVisitOn).toBe('2026-11-20');
    expect(globex?.nextFollowUpOn).toBe('2026-11-27');
  });

  it('honours next:, stage: and kind: tokens anywhere in the notes', async () => {
    const reply = await app.command(
      team.rep.userId,
      '/visit',
      '"Acme Labs" kind:call quick check-in next:+2d stage:agreement',
    );
    const text = replyText(reply.body);
    expect(text).toContain('Call logged for Acme Labs');
    expect(text).toContain('Next follow-up: 2026-11-23'); // +2d from Friday is Sunday: Monday
    expect(text).toContain('Stage: Agreement');
    const [labs] = await app.db.select().from(customers).where(eq(customers.name, 'Acme Labs'));
    expect(labs?.stage).toBe('agreement');
    expect(labs?.lastProgressOn).toBe('2026-11-20'); // the stage moved: progress
    const [visit] = await app.db.select().from(visits).where(eq(visits.customerId, labs!.id));
    expect(visit?.summary).toBe('quick check-in');
  });

  it('keeps a follow-up date typed on a day off, and says it is not a working day', async () => {
    const reply = await app.command(team.rep.userId, '/visit', 'Globex weekend fair next:2026-11-28');
    const text = replyText(reply.body);
    expect(text).toContain('Next follow-up: 2026-11-28.');
    expect(text).toContain('2026-11-28 is not a working day for your team; it is kept as you chose it.');
    const [globex] = await app.db.select().from(customers).where(eq(customers.name, 'Globex'));
    expect(globex?.nextFollowUpOn).toBe('2026-11-28');
    // A working day is not flagged.
    const monday = replyText(
      (await app.command(team.rep.userId, '/visit', 'Globex follow-up next:2026-11-30')).body,
    );
    expect(monday).not.toContain('not a working day');
  });

  it('matches a Chinese name typed without a space after it', async () => {
    const reply = await app.command(team.rep.userId, '/visit', '华为技术拜访了采购部 next:2026-12-01');
    expect(replyText(reply.body)).toContain('华为技术');
    expect(replyText(reply.body)).toContain('2026-12-01');
    const [huawei] = await app.db.select().from(customers).where(eq(customers.name, '华为技术'));
    const [visit] = await app.db.select().from(visits).where(eq(visits.customerId, huawei!.id));
    expect(visit?.summary).toBe('拜访了采购部');
  });

  it('stores the notes exactly as typed: full-width punctuation, quotes, spacing, emoji', async () => {
    const cases: [string, string][] = [
      ['华为技术拜访了采购部，讨论了价格', '拜访了采购部，讨论了价格'],
      [
        'Globex he said "we\'ll sign"  after  the demo 🎉 next:2026-12-02',
        'he said "we\'ll sign"  after  the demo 🎉',
      ],
      [
        '"Acme Labs" „quote“ and ‘single’ — kind:call line one\nline two',
        '„quote“ and ‘single’ — line one\nline two',
      ],
    ];
    for (const [typed, stored] of cases) {
      const reply = await app.command(team.rep.userId, '/visit', typed);
      expect(replyText(reply.body), typed).toContain(stored.split('\n')[0]);
      const [latest] = await app.db.select().from(visits).orderBy(desc(visits.id)).limit(1);
      expect(latest?.summary, typed).toBe(stored);
    }
  });

  it('offers the candidates as buttons when the name is ambiguous, and a pick logs the visit once', async () => {
    const reply = await app.command(team.rep.userId, '/visit', 'acme demo went well');
    const text = replyText(reply.body);
    expect(text).toContain('Several customers match “acme”');
    const buttons = JSON.stringify(reply.body.blocks);
    expect(buttons).toContain('Acme Corporation');
    expect(buttons).toContain('Acme Labs');
    const corp = buttonsOf(reply.body.blocks).find((button) => button.text === 'Acme Corporation')!;
    const before = await app.db.select().from(visits);
    await app.click(team.rep.userId, corp.actionId, corp.value, {
      messageTs: '1800000000.000001',
      isEphemeral: true,
    });
    await app.click(team.rep.userId, corp.actionId, corp.value, {
      messageTs: '1800000000.000001',
      isEphemeral: true,
    });
    await app.settle();
    const after = await app.db.select().from(visits);
    expect(after.length).toBe(before.length + 1);
    const responses = app.slack.callsTo('response_url').filter((call) => call.tag?.startsWith('click-'));
    const last = responses.at(-2)!;
    expect(JSON.stringify(last.args)).toContain('Visit logged for Acme Corporation');
    expect(JSON.stringify(responses.at(-1)!.args)).toContain('Already logged');
  });

  it('says so and suggests close names as buttons that finish the command, when no customer matches', async () => {
    const reply = await app.command(team.rep.userId, '/visit', 'Globx follow-up call,  about "renewal"');
    expect(replyText(reply.body)).toContain('No customer of yours matches “Globx”. Did you mean: Globex?');
    const globex = buttonsOf(reply.body.blocks).find((button) => button.text === 'Globex')!;
    expect(globex.actionId).toBe('customer.pick');
    await app.click(team.rep.userId, globex.actionId, globex.value, {
      messageTs: '1800000000.000002',
      isEphemeral: true,
    });
    await app.settle();
    const [latest] = await app.db.select().from(visits).orderBy(desc(visits.id)).limit(1);
    const [row] = await app.db.select().from(customers).where(eq(customers.name, 'Globex'));
    expect(latest).toMatchObject({ customerId: row!.id, summary: 'follow-up call,  about "renewal"' });
  });

  it('does not let a rep log visits on a colleague’s customer', async () => {
    const reply = await app.command(team.rep.userId, '/visit', 'Initech lunch');
    expect(replyText(reply.body)).toContain('No customer of yours matches');
    const rows = await app.db.select().from(visits);
    expect(rows.every((row) => row.memberId === team.rep.id)).toBe(true);
  });

  it('lets a supervisor log a visit on a customer of their team', async () => {
    const reply = await app.command(team.supervisor.userId, '/visit', 'Initech joint visit with Olive');
    expect(replyText(reply.body)).toContain('Visit logged for Initech');
  });

  it('rejects bad input with a clear private answer and stores nothing', async () => {
    const before = (await app.db.select().from(visits)).length;
    const cases: [string, string][] = [
      ['Globex', 'Add a few words about the visit'],
      ['Globex notes next:2026-02-30', '“2026-02-30” is not a date'],
      ['Globex notes next:2020-01-01', 'is in the past'],
      ['Globex notes stage:closing', 'Unknown stage “closing”'],
      ['Globex notes kind:fax', 'Unknown kind “fax”'],
    ];
    for (const [text, expected] of cases) {
      const reply = await app.command(team.rep.userId, '/visit', text);
      expect(reply.status).toBe(200);
      expect(replyText(reply.body)).toContain(expected);
    }
    expect((await app.db.select().from(visits)).length).toBe(before);
  });

  it('opens the form filled in when the text is too long for a message, and sends the full text back', async () => {
    const notes = `met the whole buying committee. ${'详细记录，'.repeat(860)}`; // 4,332 characters
    const reply = await app.command(
      team.rep.userId,
      '/visit',
      `Globex ${notes} stage:agreement next:2026-12-01`,
    );
    expect(reply.status).toBe(200);
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as {
      callback_id: string;
      blocks: { block_id: string; hint?: { text: string }; element: Record<string, unknown> }[];
    };
    expect(view.callback_id).toBe('visit_form');
    const block = (id: string) => view.blocks.find((b) => b.block_id === id)!;
    expect(block('customer').element.initial_option).toMatchObject({ value: expect.any(String) });
    expect(JSON.stringify(block('customer').element.initial_option)).toContain('Globex');
    expect(block('stage').element.initial_option).toMatchObject({ value: 'agreement' });
    expect(block('next').element.initial_date).toBe('2026-12-01');
    const summary = String(block('summary').element.initial_value);
    expect(summary).toHaveLength(3000);
    expect(notes.startsWith(summary)).toBe(true);
    expect(block('summary').hint?.text).toContain(
      `Your notes had ${notes.length} characters, more than this box holds`,
    );
    // The whole text comes back privately, in pieces a message can hold.
    await app.settle();
    const copy = app.slack.messages(`D${team.rep.userId}`).at(-1) as {
      blocks: { text?: { text: string } }[];
    };
    const copied = copy.blocks
      .slice(1)
      .map((b) => b.text?.text ?? '')
      .join('');
    expect(copied).toBe(`Globex ${notes} stage:agreement next:2026-12-01`);
    expect(await app.db.select().from(visits).where(eq(visits.summary, notes))).toHaveLength(0);
  });

  it('tells someone who is not a member how to get access', async () => {
    const reply = await app.command('UNOBODY', '/visit', 'Globex hello');
    expect(replyText(reply.body)).toContain('You are not set up in AccountDesk yet');
  });

  it('stores a replayed command (same trigger_id) only once', async () => {
    const first = await app.command(team.rep.userId, '/visit', 'Globex replay test', {
      triggerId: 'trigger-replay-1',
    });
    const second = await app.command(team.rep.userId, '/visit', 'Globex replay test', {
      triggerId: 'trigger-replay-1',
    });
    expect(replyText(first.body)).toContain('Visit logged for');
    expect(replyText(second.body)).toContain('Already logged');
    const rows = await app.db.select().from(visits).where(eq(visits.summary, 'replay test'));
    expect(rows).toHaveLength(1);
  });
});
