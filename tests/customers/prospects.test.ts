import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importCustomers } from '../../src/app/imports/import-customers.ts';
import { auditLog, customers, members } from '../../src/db/schema.ts';
import { normalizeName } from '../../src/domain/customer-match.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

type Reply = { text?: string; blocks?: unknown[] };

/** `/customer add` in Slack (README, "Commands"; docs/domain.md, "Prospects from chat"). */
describe('prospects from chat', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  let outsider: Awaited<ReturnType<TestApp['makeMember']>>;
  // Thursday 19 Nov 2026, 19:30 in Berlin (the rep's zone) — already Friday 02:30 in Shanghai, the
  // team's default: the rep's next working day is Friday the 20th, not Monday the 23rd.
  const clock = new TestClock(new Date('2026-11-19T18:30:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.db.update(members).set({ timezone: 'Europe/Berlin' }).where(eq(members.id, team.rep.id));
    outsider = await app.makeMember({ role: 'rep', name: 'Xavier Elsewhere' });
    await app.makeCustomer({ name: 'Acme Co., Ltd.', tier: 'B', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Globex', tier: 'C', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Addison Lee', tier: 'A', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Hooli Corporation', tier: 'A', ownerId: outsider.id });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    app.slack.reset();
  });

  const rep = () => team.rep.userId;
  const add = async (text: string, userId = rep()) => {
    const reply = await app.command(userId, '/customer', text);
    expect(reply.status).toBe(200);
    return reply.body as Reply;
  };
  const named = async (name: string) =>
    app.db
      .select()
      .from(customers)
      .where(eq(customers.nameKey, normalizeName(name)));
  const count = async () => (await app.db.select({ id: customers.id }).from(customers)).length;
  const answerTo = (tag: string) =>
    (app.slack.callsTo('response_url').find((c) => c.tag === tag)?.args ?? {}) as Reply;

  it('creates a prospect at once when no name is close: tier D, owned by the rep, due on their next working day in their zone', async () => {
    const reply = await add('add Initrode Ltd');
    const text = replyText(reply);
    expect(text).toContain('Added “Initrode Ltd” as your prospect, tier D: first follow-up on 2026-11-20.');
    expect(text).toContain('Prospect');
    expect(text).toContain('Riley Rep');
    const [row] = await named('Initrode Ltd');
    expect(row).toMatchObject({
      tier: 'D',
      status: 'prospect',
      ownerId: team.rep.id,
      nextFollowUpOn: '2026-11-20',
      assignedOn: '2026-11-19',
    });
    const [entry] = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'customer.created'), eq(auditLog.entityId, row!.id)));
    expect(entry).toMatchObject({ actorId: team.rep.id, entity: 'customer' });
  });

  it('takes a tier, quoted names, and refuses a bad tier with a clear message', async () => {
    await add('add "Umbrella Corp" tier:b');
    expect((await named('Umbrella Corp'))[0]).toMatchObject({ tier: 'B', status: 'prospect' });
    const before = await count();
    const bad = replyText(await add('add Wayne Enterprises tier:Z'));
    expect(bad).toBe('Unknown tier “Z”: use tier:A, tier:B, tier:C or tier:D.');
    expect(await count()).toBe(before);
    expect(replyText(await add('add tier:A'))).toContain('Type its name after add');
  });

  it('still finds a customer whose name starts with Add', async () => {
    const before = await count();
    expect(replyText(await add('Addison'))).toContain('Addison Lee');
    expect(replyText(await add('addison lee'))).toContain('Addison Lee');
    // `add` alone asks for the name and offers the blank form; it does not look up "add".
    const bare = await add('add');
    expect(replyText(bare)).toContain('Which customer? Type its name after add');
    expect(replyText(bare)).not.toContain('matches “add”');
    expect(JSON.stringify(bare)).toContain('prospect.form');
    expect(await count()).toBe(before);
  });

  it('refuses an exact duplicate the rep may see, with its card', async () => {
    const before = await count();
    for (const typed of ['add acme co., ltd.', 'add ＧＬＯＢＥＸ']) {
      const text = replyText(await add(typed));
      expect(text).toMatch(/^“(Acme Co\., Ltd\.|Globex)” already exists, so nothing was added\./);
      expect(text).toContain('Recent visits');
    }
    expect(await count()).toBe(before);
  });

  it('offers close names first: Use this one shows the card, Create anyway creates', async () => {
    const reply = await add('add ACME Limited');
    const text = replyText(reply);
    expect(text).toContain(
      'Customers with a name close to “ACME Limited” already exist. Is it one of these?',
    );
    expect(text).toContain('Acme Co., Ltd. (B, Active (won)) — Riley Rep');
    const buttons = buttonsOf(reply.blocks);
    expect(buttons.map((b) => b.text)).toEqual(['Use this one', 'Create “ACME Limited” anyway']);
    expect(await named('ACME Limited')).toHaveLength(0);

    const use = await app.click(rep(), buttons[0]!.actionId, buttons[0]!.value);
    await app.settle();
    const card = replyText(answerTo(use.tag));
    expect(card).toContain('Acme Co., Ltd.');
    expect(card).toContain('Recent visits');
    expect(await named('ACME Limited')).toHaveLength(0);

    const anyway = await app.click(rep(), buttons[1]!.actionId, buttons[1]!.value);
    await app.settle();
    expect(replyText(answerTo(anyway.tag))).toContain(
      'Added “ACME Limited” as your prospect, tier D: first follow-up on 2026-11-20.',
    );
    expect((await named('ACME Limited'))[0]).toMatchObject({ status: 'prospect', ownerId: team.rep.id });
    // A second click on the same button finds the customer it made: nothing is added twice, and
    // the answer (which Slack may show last) is still that it was added, not "already exists".
    const again = await app.click(rep(), buttons[1]!.actionId, buttons[1]!.value);
    await app.settle();
    expect(replyText(answerTo(again.tag))).toContain('Added “ACME Limited” as your prospect, tier D');
    expect(await named('ACME Limited')).toHaveLength(1);
    // Someone else pressing it is still told it exists.
    const other = await app.click(team.other.userId, buttons[1]!.actionId, buttons[1]!.value);
    await app.settle();
    expect(replyText(answerTo(other.tag))).not.toContain('Added');
    expect(await named('ACME Limited')).toHaveLength(1);
  });

  it('finds close names across full-width forms and Chinese legal forms', async () => {
    const wide = await add('add ＧＬＯＢＥＸ Ｉｎｃ．');
    expect(replyText(wide)).toContain('Globex (C, Active (won)) — Riley Rep');
    await app.makeCustomer({ name: '上海明辉贸易有限公司', tier: 'B', ownerId: team.rep.id });
    const chinese = await add('新增 上海明辉贸易（集团）');
    expect(replyText(chinese)).toContain(
      'Customers with a name close to “上海明辉贸易（集团）” already exist.',
    );
    expect(replyText(chinese)).toContain('上海明辉贸易有限公司 (B, Active (won)) — Riley Rep');
  });

  it('names someone else’s customer only as existing: near may still be created, exact is refused', async () => {
    const near = await add('add Hooli');
    const text = replyText(near);
    expect(text).toContain('A customer with that name exists — ask your supervisor.');
    expect(text).not.toContain('Hooli Corporation');
    expect(text).not.toContain('Xavier');
    expect(buttonsOf(near.blocks).map((b) => b.text)).toEqual(['Create “Hooli” anyway']);

    const before = await count();
    const exact = await add('add HOOLI  corporation');
    expect(replyText(exact)).toBe(
      'A customer with that name exists — ask your supervisor. Nothing was added.',
    );
    expect(buttonsOf(exact.blocks)).toEqual([]);
    expect(await count()).toBe(before);

    // The supervisor sees the rep's book: the same names are shown to them by name.
    const supervisor = replyText(await add('add Acme', team.supervisor.userId));
    expect(supervisor).toContain('Acme Co., Ltd. (B, Active (won)) — Riley Rep');
  });

  it('offers the form under a name that matched nothing and on a bare /customer', async () => {
    const missing = await add('Stark Industries');
    expect(replyText(missing)).toContain('No customer of yours matches “Stark Industries”.');
    const [button] = buttonsOf(missing.blocks);
    expect(button).toMatchObject({
      actionId: 'prospect.form',
      value: 'Stark Industries',
      text: 'Add as a prospect',
    });
    expect(buttonsOf((await add('')).blocks)).toMatchObject([{ actionId: 'prospect.form', value: '' }]);

    const click = await app.click(rep(), button!.actionId, button!.value);
    const opened = await app.slack.waitFor(
      (call) => call.method === 'views.open' && call.args.trigger_id === click.triggerId,
    );
    const view = opened.args.view as {
      callback_id: string;
      blocks: { block_id: string; element: Record<string, unknown> }[];
    };
    expect(view.callback_id).toBe('prospect_form');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['name', 'tier']);
    expect(view.blocks[0]!.element.initial_value).toBe('Stark Industries');

    const input = (value: string) => ({ type: 'plain_text_input', value });
    const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
    const refused = await app.submit(rep(), 'prospect_form', {
      name: { name: input('Acme Co Ltd') },
      tier: { tier: select('C') },
    });
    // Close names in a form: the choice comes as a private message, the modal closes.
    expect(refused.body).toEqual({});
    await app.settle();
    const dm = app.slack.messages(`D${rep()}`).at(-1) as Reply;
    expect(replyText(dm)).toContain('Customers with a name close to “Acme Co Ltd” already exist.');

    const duplicate = await app.submit(rep(), 'prospect_form', {
      name: { name: input('globex') },
      tier: { tier: select('C') },
    });
    expect(duplicate.body).toEqual({
      response_action: 'errors',
      errors: { name: '“Globex” already exists, so nothing was added.' },
    });

    const created = await app.submit(rep(), 'prospect_form', {
      name: { name: input('Stark Industries') },
      tier: { tier: select('C') },
    });
    expect(created.body).toEqual({});
    await app.settle();
    expect(replyText(app.slack.messages(`D${rep()}`).at(-1) as Reply)).toContain(
      'Added “Stark Industries” as your prospect, tier C: first follow-up on 2026-11-20.',
    );
    expect((await named('Stark Industries'))[0]).toMatchObject({ tier: 'C', ownerId: team.rep.id });
  });

  it('shows the team’s new prospects in the supervisor’s next digest', async () => {
    // Monday 08:30 in Shanghai: the digest covers Friday (Shanghai) onwards, when they were added.
    await app.tick('2026-11-23T00:30:00Z');
    const digest = app.slack
      .messages(`D${team.supervisor.userId}`)
      .map((m) => replyText(m as Reply))
      .find((text) => text.includes('Team digest'));
    // Customers made otherwise (imports, the test's own inserts) are not "new prospects".
    expect(digest).toContain(
      'New prospects (4)\nRiley Rep: Initrode Ltd, Umbrella Corp, ACME Limited, Stark Industries\nStale accounts',
    );
  });

  it('lets a later import update the prospect rather than add it again', async () => {
    const [before] = await named('Initrode Ltd');
    const result = await importCustomers(
      app.db,
      `name,tier,owner_user_id,status\nINITRODE  ltd,A,${team.other.userId},active\n`,
      { now: clock.now(), defaultTimezone: 'Asia/Shanghai' },
    );
    expect(result).toMatchObject({ inserted: 0, updated: 1 });
    const rows = await named('Initrode Ltd');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: before!.id, tier: 'A', status: 'active', ownerId: team.other.id });
  });
});
