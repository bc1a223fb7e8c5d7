import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, customers, members, visits } from '../../src/db/schema.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

/** README, "Correcting a visit": Edit and Undo over Slack, driven by signed requests. */
describe('correcting a visit over Slack', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z')); // Friday 10:00 in Shanghai
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    for (const [name, tier, owner] of [
      ['Acme Corporation', 'A', team.rep.id],
      ['Acme Labs', 'C', team.rep.id],
      ['Globex', 'B', team.rep.id],
      ['Hooli', 'B', team.rep.id],
      ['Initech', 'B', team.other.id],
    ] as const) {
      ids[name] = (await app.makeCustomer({ name, tier, ownerId: owner })).id;
    }
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    clock.set('2026-11-20T02:00:00Z');
    await app.settle();
    app.slack.reset();
  });

  const customer = async (name: string) =>
    (await app.db.select().from(customers).where(eq(customers.name, name)))[0]!;
  const setCustomer = (name: string, values: Partial<typeof customers.$inferInsert>) =>
    app.db.update(customers).set(values).where(eq(customers.name, name));
  const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
  const external = (value: string) => ({ type: 'external_select', selected_option: { value } });
  const input = (value: string) => ({ type: 'plain_text_input', value });

  /** Logs a visit with a slash command; returns the visit id its Undo and Edit carry. */
  async function logVisit(userId: string, text: string) {
    const reply = await app.command(userId, '/visit', text);
    const buttons = buttonsOf(reply.body.blocks);
    const undo = buttons.find((b) => b.actionId.startsWith('visit.undo'))!;
    const edit = buttons.find((b) => b.actionId.startsWith('visit.edit'))!;
    expect(undo.value).toBe(edit.value);
    return { reply, visitId: Number(undo.value), labels: buttons.map((b) => b.text) };
  }

  /** Clicks a visit's button and returns the private answer it gets. */
  async function clickVisit(userId: string, action: 'visit.edit' | 'visit.undo', visitId: number) {
    const click = await app.click(userId, action, String(visitId), { channelId: `D${userId}` });
    await app.settle();
    const answer = app.slack.callsTo('response_url').find((call) => call.tag === click.tag);
    return answer ? replyText(answer.args as { text?: string; blocks?: unknown[] }) : '';
  }

  it('moves a visit logged against the wrong customer, and puts both customers right', async () => {
    await setCustomer('Acme Labs', { lastVisitOn: '2026-10-01', nextFollowUpOn: '2026-11-25' });
    const { reply, visitId, labels } = await logVisit(team.rep.userId, 'acme labs met the buyer next:+3d');
    expect(replyText(reply.body)).toContain('Visit logged for Acme Labs');
    expect(labels).toEqual(['Edit', 'Undo']);
    expect((await customer('Acme Labs')).nextFollowUpOn).toBe('2026-11-23');

    await app.click(team.rep.userId, 'visit.edit', String(visitId), { channelId: `D${team.rep.userId}` });
    const opened = await app.slack.waitFor('views.open');
    const view = opened.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string; element: { initial_value?: string; initial_date?: string } }[];
    };
    expect(view.callback_id).toBe('visit_edit_form');
    expect(view.private_metadata).toBe(String(visitId));
    expect(view.blocks.find((b) => b.block_id === 'summary')?.element.initial_value).toBe('met the buyer');
    expect(view.blocks.find((b) => b.block_id === 'next')?.element.initial_date).toBe('2026-11-23');

    const values = {
      customer: { customer: external(String(ids['Acme Corporation'])) },
      kind: { kind: select('meeting') },
      summary: { summary: input('met the buyer and the CFO') },
      next: { next: { type: 'datepicker', selected_date: '2026-11-24' } },
    };
    const extra = { privateMetadata: String(visitId), viewId: 'V-EDIT-1' };
    const submitted = await app.submit(team.rep.userId, 'visit_edit_form', values, extra);
    expect(submitted.body).toEqual({});
    // The same form submitted again (a double click, a retry) changes nothing twice.
    await app.submit(team.rep.userId, 'visit_edit_form', values, extra);

    const [visit] = await app.db.select().from(visits).where(eq(visits.id, visitId));
    expect(visit).toMatchObject({ customerId: ids['Acme Corporation'], kind: 'meeting' });
    expect(await customer('Acme Corporation')).toMatchObject({
      lastVisitOn: '2026-11-20',
      nextFollowUpOn: '2026-11-24',
      lastVisitSummary: 'met the buyer and the CFO',
    });
    expect(await customer('Acme Labs')).toMatchObject({
      lastVisitOn: '2026-10-01',
      nextFollowUpOn: '2026-11-25',
      lastVisitSummary: null,
    });
    const edits = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'visit.edited'), eq(auditLog.entityId, visitId)));
    expect(edits).toHaveLength(1);
    expect(edits[0]!.before).toMatchObject({ customerId: ids['Acme Labs'], summary: 'met the buyer' });
    expect(edits[0]!.after).toMatchObject({ customerId: ids['Acme Corporation'], kind: 'meeting' });
    await app.settle();
    const dm = app.slack.messages(`D${team.rep.userId}`).at(-1)!;
    expect(dm.text).toBe(
      'Corrected. Meeting logged for Acme Corporation on 2026-11-20. Next follow-up: 2026-11-24. Moved from Acme Labs to Acme Corporation.',
    );
  });

  it('undoes a visit: the customer is as it was before it, and a double click undoes once', async () => {
    await setCustomer('Globex', { lastVisitOn: '2026-10-15', nextFollowUpOn: '2026-11-21', stage: 'plan' });
    const { visitId } = await logVisit(team.rep.userId, 'Globex demo went well stage:agreement');
    expect(await customer('Globex')).toMatchObject({ stage: 'agreement', lastProgressOn: '2026-11-20' });

    const answers = await Promise.all([
      clickVisit(team.rep.userId, 'visit.undo', visitId),
      clickVisit(team.rep.userId, 'visit.undo', visitId),
    ]);
    expect(
      answers.filter((a) => a.startsWith('Undone: the visit at Globex on 2026-11-20 is removed.')),
    ).toHaveLength(1);
    expect(answers.filter((a) => a.includes('already undone'))).toHaveLength(1);
    expect(answers.join('\n')).toContain(
      'Globex now shows last visit 2026-10-15, next follow-up 2026-11-21.',
    );
    expect(await app.db.select().from(visits).where(eq(visits.id, visitId))).toHaveLength(0);
    expect(await customer('Globex')).toMatchObject({
      lastVisitOn: '2026-10-15',
      nextFollowUpOn: '2026-11-21',
      stage: 'plan',
      lastProgressOn: null,
    });
    const undone = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'visit.undone'), eq(auditLog.entityId, visitId)));
    expect(undone).toHaveLength(1);
    expect(undone[0]!.before).toMatchObject({ summary: 'demo went well', stage: 'agreement' });
  });

  it('recomputes from the visits that remain when an earlier one is still there', async () => {
    const first = await logVisit(team.rep.userId, 'Hooli intro call next:2026-12-01');
    const second = await logVisit(team.rep.userId, 'Hooli wrong notes next:2026-12-10');
    expect((await customer('Hooli')).nextFollowUpOn).toBe('2026-12-10');
    await clickVisit(team.rep.userId, 'visit.undo', second.visitId);
    expect(await customer('Hooli')).toMatchObject({
      lastVisitOn: '2026-11-20',
      nextFollowUpOn: '2026-12-01',
      lastVisitSummary: 'intro call',
    });
    expect(first.visitId).toBeLessThan(second.visitId);
  });

  it('refuses a click 24 hours after logging, and changes nothing', async () => {
    const { visitId } = await logVisit(team.rep.userId, 'Globex late check-in');
    clock.advance(24 * 3_600_000 + 60_000);
    const undo = await clickVisit(team.rep.userId, 'visit.undo', visitId);
    expect(undo).toBe(
      'A visit can be corrected for 24 hours after it is logged; this one was logged on 2026-11-20 10:00. Nothing changed.',
    );
    const edit = await clickVisit(team.rep.userId, 'visit.edit', visitId);
    expect(edit).toContain('can be corrected for 24 hours');
    expect(app.slack.callsTo('views.open')).toHaveLength(0);
    expect(await app.db.select().from(visits).where(eq(visits.id, visitId))).toHaveLength(1);
  });

  it('refuses a colleague’s visit; their supervisor may correct it', async () => {
    const { visitId } = await logVisit(team.other.userId, 'Initech lunch with the buyer');
    expect(await clickVisit(team.rep.userId, 'visit.undo', visitId)).toBe(
      'Only the rep who logged this visit, a manager above them or an admin may correct it. Nothing changed.',
    );
    expect(await clickVisit(team.rep.userId, 'visit.edit', visitId)).toContain('Only the rep who logged');
    expect(app.slack.callsTo('views.open')).toHaveLength(0);
    expect(await app.db.select().from(visits).where(eq(visits.id, visitId))).toHaveLength(1);

    await app.click(team.supervisor.userId, 'visit.edit', String(visitId));
    const opened = await app.slack.waitFor('views.open');
    expect((opened.args.view as { callback_id: string }).callback_id).toBe('visit_edit_form');
    expect(await clickVisit(team.supervisor.userId, 'visit.undo', visitId)).toContain(
      'Undone: the visit at Initech',
    );
    expect(await app.db.select().from(visits).where(eq(visits.id, visitId))).toHaveLength(0);
  });

  it('answers someone who has left as it answers their other commands', async () => {
    const { visitId } = await logVisit(team.rep.userId, 'Globex goodbye visit');
    const leaver = await app.makeMember({ name: 'Lee Left', managerId: team.supervisor.id });
    await app.db.update(members).set({ active: false }).where(eq(members.id, leaver.id));
    expect(await clickVisit(leaver.userId, 'visit.undo', visitId)).toContain('no longer an active member');
    expect(await app.db.select().from(visits).where(eq(visits.id, visitId))).toHaveLength(1);
  });

  it('lists the member’s visits of the last 24 hours with /visit edit, newest first', async () => {
    const list = await app.command(team.rep.userId, '/visit', 'edit');
    const text = replyText(list.body);
    expect(text).toContain('Your visits of the last 24 hours — Edit or Undo:');
    expect(text.indexOf('goodbye visit')).toBeLessThan(text.indexOf('intro call'));
    expect(buttonsOf(list.body.blocks).filter((b) => b.text === 'Undo').length).toBeLessThanOrEqual(10);
    const empty = await app.command(team.director.userId, '/visit', 'edit');
    expect(replyText(empty.body)).toBe(
      'You have logged no visits in the last 24 hours, so there is nothing to correct.',
    );
  });

  it('speaks Chinese to a Chinese member: /visit 修改, Edit and Undo', async () => {
    const mei = await app.makeMember({ name: '张梅', managerId: team.supervisor.id, locale: 'zh-CN' });
    await app.makeCustomer({ name: '华为技术', tier: 'A', ownerId: mei.id });
    const { labels, visitId } = await logVisit(mei.userId, '华为技术拜访了采购部');
    expect(labels).toEqual(['修改', '撤销']);
    const list = await app.command(mei.userId, '/visit', '修改');
    expect(replyText(list.body)).toContain('你最近24小时的拜访记录，可修改或撤销：');
    expect(replyText(list.body)).toContain('2026-11-20 10:00 · 拜访“华为技术”：拜访了采购部');
    expect(await clickVisit(mei.userId, 'visit.undo', visitId)).toBe(
      '已撤销：2026-11-20 对“华为技术”的拜访记录已删除。“华为技术”现在的上次拜访为无，下次跟进为无。',
    );
    expect(await clickVisit(mei.userId, 'visit.undo', visitId)).toBe(
      '这条拜访记录已撤销或不存在，未做任何更改。',
    );
  });
});
