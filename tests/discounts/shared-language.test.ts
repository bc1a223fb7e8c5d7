import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discountRequests } from '../../src/db/schema.ts';
import { catalog } from '../../src/messages/i18n/index.ts';
import type { StoredMessage } from '../support/fake-slack.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

type Lang = 'en' | 'zh-CN';

/** What a reader sees, without the names, ids and mentions that are the same in every language. */
const words = (text: string, names: string[]) =>
  names.reduce((rest, name) => rest.replaceAll(name, ''), text).replace(/<@[A-Z0-9]+>|#\d+/g, '');
const latin = /[A-Za-z]{2,}/;
const han = /[\u4e00-\u9fff]/;

/**
 * A rep and their approver in one conversation (README, "Languages"): the card, its updates and its
 * thread are in every language the two use — one when they share it; else the actor's first.
 */
describe.each([
  { rep: 'zh-CN', approver: 'en' },
  { rep: 'zh-CN', approver: 'zh-CN' },
  { rep: 'en', approver: 'en' },
] as { rep: Lang; approver: Lang }[])('a $rep rep and a $approver approver', (langs) => {
  let app: TestApp;
  let rep: Awaited<ReturnType<TestApp['makeMember']>>;
  let approver: typeof rep;
  let id: number;
  // Names and the rep's own words are shown as typed, in whatever language.
  const names = ['李明', '王芳', '张总', '天成科技', '对手报价更低'];
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z')); // Monday 10:00 in Shanghai

  beforeAll(async () => {
    app = await startTestApp({ clock });
    const director = await app.makeMember({ role: 'director', name: '张总', locale: langs.approver });
    approver = await app.makeMember({
      role: 'supervisor',
      name: '王芳',
      managerId: director.id,
      locale: langs.approver,
    });
    rep = await app.makeMember({ name: '李明', managerId: approver.id, locale: langs.rep });
    await app.makeCustomer({ name: '天成科技', tier: 'A', ownerId: rep.id });
    await app.command(rep.userId, '/discount', '天成科技 10% reason:competitor 对手报价更低');
    await app.settle();
    const [request] = await app.db.select().from(discountRequests);
    id = request!.id;
  });
  afterAll(() => app?.stop());

  const card = (): StoredMessage => {
    const posted = app.slack
      .callsTo('chat.postMessage')
      .find((c) => !c.failed && buttonsOf(c.args.blocks as unknown[]).some((b) => b.value === `${id}:1`))!;
    const channel = posted.response.channel as string;
    return app.slack.messages(channel).find((m) => m.ts === posted.response.ts)!;
  };
  const thread = () =>
    app.slack
      .messages(card().channel)
      .filter((m) => m.thread_ts === card().ts)
      .map((m) => m.text ?? '');
  const cardText = () => replyText(card() as { blocks?: unknown[] });
  const header = (lang: Lang) => catalog(lang).approval.header({ id, percent: 10, customer: '天成科技' });

  /** The reader's part comes first; the other's follows only when the two differ. */
  function expectOrder(text: string, first: string, second: string) {
    if (first === second) {
      expect(text.split(first)).toHaveLength(2);
      return;
    }
    expect(text).toContain(first);
    expect(text).toContain(second);
    expect(text.indexOf(first)).toBeLessThan(text.indexOf(second));
  }

  function expectOnlyOwnWords(text: string) {
    const left = words(text, names);
    if (langs.rep === 'zh-CN' && langs.approver === 'zh-CN') expect(left).not.toMatch(latin);
    if (langs.rep === 'en' && langs.approver === 'en') expect(left).not.toMatch(han);
  }

  it('shows the waiting card in the approver’s language first, with its buttons once', () => {
    expectOrder(cardText(), header(langs.approver), header(langs.rep));
    const buttons = buttonsOf(card().blocks);
    expect(buttons.map((b) => b.actionId)).toEqual([
      'approval.approve',
      'approval.reject',
      'approval.counter',
      'approval.withdraw',
    ]);
    expect(buttons[0]!.text).toBe(catalog(langs.approver).approval.approve);
    expectOnlyOwnWords(cardText());
    expectOnlyOwnWords(card().text ?? '');
  });

  it('reminds in the thread in the approver’s language first', async () => {
    await app.tick('2026-11-23T06:00:00Z'); // 14:00: four working hours
    const [reminder] = thread();
    const said = (lang: Lang) =>
      catalog(lang).reminders.remind({ approver: `<@${approver.userId}>`, hours: 4 });
    expectOrder(reminder!, said(langs.approver), said(langs.rep));
    expectOnlyOwnWords(reminder!);
  });

  it('says the decision on the card and, to the rep first, in the thread', async () => {
    await app.click(approver.userId, 'approval.approve', `${id}:1`, {
      channelId: card().channel,
      messageTs: card().ts,
    });
    await app.settle();
    const updated = app.slack.messages(card().channel).find((m) => m.ts === card().ts)!;
    const text = replyText(updated as { blocks?: unknown[] });
    expect(buttonsOf(updated.blocks)).toEqual([]);
    expectOrder(text, header(langs.approver), header(langs.rep));
    expectOnlyOwnWords(text);
    const decided = thread().at(-1)!;
    const said = (lang: Lang) =>
      catalog(lang).approval.threadOutcome({ by: '王芳', outcome: catalog(lang).outcomes.approved });
    expectOrder(decided, said(langs.rep), said(langs.approver));
    expectOnlyOwnWords(decided);
  });

  it('keeps the rep’s own messages in the rep’s language only', () => {
    const dms = app.slack.messages(`D${rep.userId}`).map((m) => words(m.text ?? '', names));
    expect(dms.length).toBeGreaterThan(0);
    for (const dm of dms) expect(dm).not.toMatch(langs.rep === 'en' ? han : latin);
  });
});
