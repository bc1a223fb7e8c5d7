import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discountRequests } from '../../src/db/schema.ts';
import { catalog } from '../../src/messages/i18n/index.ts';
import { startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardButtons, cardText } from '../support/lark-cards.ts';

type Lang = 'en' | 'zh-CN';

/** Names and the rep's own words are shown as typed; what is left is the app's language. */
const ownWords = (text: string) =>
  ['李明', '王芳', '天成科技', '对手报价更低', 'AccountDesk'].reduce(
    (rest, name) => rest.replaceAll(name, ''),
    text.replace(/#\d+|https?:\S+/g, ''),
  );

/** The Lark group chat of a rep and an approver: the same rule as on Slack (README, "Languages"). */
describe.each([
  { rep: 'zh-CN', approver: 'en' },
  { rep: 'zh-CN', approver: 'zh-CN' },
] as { rep: Lang; approver: Lang }[])('in Lark, a $rep rep and a $approver approver', (langs) => {
  let app: TestApp;
  let id: number;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));
  const lark = () => app.lark!;
  const header = (lang: Lang) => catalog(lang).approval.header({ id, percent: 10, customer: '天成科技' });
  const card = () => {
    const chat = lark().chatOf('ou_rep', 'ou_supervisor')!;
    const posted = lark()
      .messages(chat.chat_id)
      .find((m) => cardButtons(m).some((b) => b.a === 'approval.approve' && b.v === `${id}:1`))!;
    return lark().message(posted.message_id)!;
  };
  const mixed = () => langs.rep !== langs.approver;

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
    const supervisor = await app.makeMember({
      platform: 'lark',
      userId: 'ou_supervisor',
      role: 'supervisor',
      name: '王芳',
      locale: langs.approver,
    });
    const rep = await app.makeMember({
      platform: 'lark',
      userId: 'ou_rep',
      name: '李明',
      managerId: supervisor.id,
      locale: langs.rep,
    });
    await app.makeCustomer({ name: '天成科技', tier: 'B', ownerId: rep.id });
    await app.larkSay('ou_rep', '/discount 天成科技 10% reason:competitor 对手报价更低');
    await app.settle();
    const [request] = await app.db.select().from(discountRequests);
    id = request!.id;
  });
  afterAll(() => app?.stop());

  it('titles the card in the approver’s language; the rep’s follows below, the buttons once', () => {
    const text = cardText(card());
    expect(text.indexOf(header(langs.approver))).toBe(0);
    const intro = (lang: Lang) => catalog(lang).approval.intro({ rep: '李明', step: '' });
    if (mixed()) {
      const { approve } = catalog(langs.approver).approval;
      expect(text.indexOf(intro(langs.approver))).toBeLessThan(text.indexOf(approve));
      expect(text.indexOf(intro(langs.rep))).toBeGreaterThan(text.indexOf(approve));
    } else expect(ownWords(text)).not.toMatch(/[A-Za-z]{2,}/);
    const buttons = cardButtons(card());
    expect(buttons.filter((b) => b.a === 'approval.approve')).toHaveLength(1);
    expect(buttons[0]!.label).toBe(catalog(langs.approver).approval.approve);
  });

  it('answers the decision in the thread, the rep’s language first', async () => {
    const posted = card();
    await app.larkClick('ou_supervisor', posted.message_id, { a: 'approval.approve', v: `${id}:1` });
    await app.settle();
    const updated = lark().message(posted.message_id)!;
    expect(cardButtons(updated)).toEqual([]);
    const reply = cardText(updated.replies.at(-1));
    const said = (lang: Lang) =>
      catalog(lang).approval.threadOutcome({ by: '王芳', outcome: catalog(lang).outcomes.approved });
    expect(reply).toContain(said(langs.rep));
    if (mixed()) expect(reply.indexOf(said(langs.rep))).toBeLessThan(reply.indexOf(said(langs.approver)));
    else expect(ownWords(`${reply}\n${cardText(updated)}`)).not.toMatch(/[A-Za-z]{2,}/);
  });
});
