import { desc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSetting } from '../../src/app/members/team-settings.ts';
import { customers, discountRequests, visits } from '../../src/db/schema.ts';
import { normalizeName } from '../../src/domain/customer-match.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { gap, noteText } from '../support/typed-text.ts';

/**
 * The rep's words through the whole path, on the database: typed in Slack or Lark after the
 * customer's name in each form, read back from the stored row exactly as typed (verbatim as in
 * tests/support/typed-text.ts: the ends trimmed, nothing else touched).
 */

type Form = { customer: string; typed: (notes: string, space: string) => string };

/** The forms a name is typed in, for the customers each rep owns. */
const formsFor = (names: { latin: string; han: string; spaced: string }): Form[] => [
  { customer: names.latin, typed: (notes, space) => `"${names.latin}"${space}${notes}` },
  { customer: names.latin, typed: (notes, space) => `${names.latin.toLowerCase()}${space}${notes}` },
  { customer: names.han, typed: (notes, space) => `${names.han}${space}${notes}` },
  // Straight after a Chinese name: the notes' own first character follows it.
  { customer: names.han, typed: (notes) => `${names.han}${notes.trimStart()}` },
  { customer: names.spaced, typed: (notes, space) => `「${names.spaced}」${space}${notes}` },
];

const SLACK_NAMES = { latin: 'Acme Labs', han: '华为技术', spaced: '腾讯 科技' };
const LARK_NAMES = { latin: 'Initech Systems', han: '阿里云计算', spaced: '海尔 集团' };

const RUNS = 30;

describe('what a rep types is what is stored (properties, through the app)', () => {
  let app: TestApp;
  let slackRep: string;
  const clock = new TestClock(new Date('2026-11-20T02:00:00Z')); // Friday 10:00 in Shanghai

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
    const team = await app.makeTeam();
    slackRep = team.rep.userId;
    const larkRep = await app.makeMember({ platform: 'lark', userId: 'ou_rep' });
    for (const name of Object.values(SLACK_NAMES)) await app.makeCustomer({ name, ownerId: team.rep.id });
    // "acme" alone is then ambiguous: the rep picks from buttons, which carry the rest of the command.
    await app.makeCustomer({ name: 'Acme Corporation', ownerId: team.rep.id });
    for (const name of Object.values(LARK_NAMES)) await app.makeCustomer({ name, ownerId: larkRep.id });
  });
  afterAll(() => app?.stop());

  const latestVisit = async () => {
    const [row] = await app.db
      .select({ id: visits.id, summary: visits.summary, customer: customers.name })
      .from(visits)
      .innerJoin(customers, eq(customers.id, visits.customerId))
      .orderBy(desc(visits.id))
      .limit(1);
    return row;
  };

  it('/visit in Slack: the stored summary is the notes as typed, for every name form', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...formsFor(SLACK_NAMES)),
        gap,
        noteText,
        async (form, space, notes) => {
          const typed = form.typed(notes, space);
          const reply = await app.command(slackRep, '/visit', typed);
          expect(replyText(reply.body), typed).toContain('logged for');
          expect(await latestVisit()).toMatchObject({ summary: notes.trim(), customer: form.customer });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('/visit as a Lark message: the same, with the command word before it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...formsFor(LARK_NAMES)),
        fc.constantFrom('/visit ', '拜访 ', 'visit\u3000'),
        gap,
        // "@_user_N" is how Lark writes a mention: a person addressed, dropped from the words.
        noteText.filter((text) => !/@_user_\d/.test(text)),
        async (form, command, space, notes) => {
          const typed = form.typed(notes, space);
          const before = await latestVisit();
          expect((await app.larkSay('ou_rep', `${command}${typed}`)).status).toBe(200);
          await app.settle();
          const stored = await latestVisit();
          expect(stored?.id, typed).not.toBe(before?.id);
          expect(stored).toMatchObject({ summary: notes.trim(), customer: form.customer });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('/discount in Slack: the stored justification is what followed the options, as typed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('"Acme Labs"', 'acme labs', '华为技术', '「腾讯 科技」'),
        fc.constantFrom('3%', '4.5％'),
        fc.constantFrom('', ' on 120000', ' 金额 12万'),
        fc.constantFrom(' reason:competitor', ' reason：竞品 deal:Q-7'),
        gap,
        // A justification that begins with the word "on" or 金额 is read as the amount, by design.
        noteText.filter((text) => !/^\s*(on|金额)(\s|$)/i.test(text)),
        async (name, percent, amount, options, space, notes) => {
          const typed = `${name} ${percent}${amount}${options}${space}${notes}`;
          const latest = async () =>
            (
              await app.db
                .select({ id: discountRequests.id, justification: discountRequests.justification })
                .from(discountRequests)
                .orderBy(desc(discountRequests.id))
                .limit(1)
            )[0];
          const before = await latest();
          const reply = await app.command(slackRep, '/discount', typed);
          const filed = await latest();
          expect(filed?.id, `${typed}: ${replyText(reply.body)}`).not.toBe(before?.id);
          expect(filed?.justification).toBe(notes.trim());
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a pick from buttons (which customer, which reason) stores the words as first typed', async () => {
    const ACME = ['acme labs', 'acme corporation'];
    // Notes whose first word continues "acme" into one name would name it outright, with no pick.
    const notPartOfName = (notes: string) =>
      !ACME.some((key) => key.startsWith(normalizeName(`acme ${notes.trim().split(/\s/)[0]}`)));
    const latestRequest = async () =>
      (
        await app.db
          .select({ id: discountRequests.id, justification: discountRequests.justification })
          .from(discountRequests)
          .orderBy(desc(discountRequests.id))
          .limit(1)
      )[0];
    /** Clicks the button; the click is acknowledged first and handled after, so wait for the new row. */
    const pick = async <T>(blocks: unknown[] | undefined, label: string, latest: () => Promise<T>) => {
      const button = buttonsOf(blocks).find((b) => b.text === label);
      expect(button, `no button ${label}`).toBeDefined();
      const before = await latest();
      await app.click(slackRep, button!.actionId, button!.value, { isEphemeral: true });
      await expect.poll(latest, { timeout: 5000, interval: 20 }).not.toEqual(before);
    };
    await fc.assert(
      fc.asyncProperty(gap, noteText.filter(notPartOfName), async (space, notes) => {
        const reply = await app.command(slackRep, '/visit', `acme${space}${notes}`);
        await pick(reply.body.blocks, 'Acme Labs', latestVisit);
        expect(await latestVisit()).toMatchObject({ summary: notes.trim(), customer: 'Acme Labs' });

        const asked = await app.command(slackRep, '/discount', `华为技术 2%${space}${notes}`);
        await pick(asked.body.blocks, 'Budget or payment capacity', latestRequest);
        expect((await latestRequest())?.justification).toBe(notes.trim());
      }),
      // An empty quote first in the notes was once taken as the name's last word, and the pick stored no notes.
      { numRuns: 20, examples: [[' ', '「” ']] },
    );
  });

  it('the team’s holidays and make-up day: computed follow-ups skip the days off, a typed one is kept and flagged', async () => {
    clock.set('2026-11-20T02:00:00Z'); // Friday 10:00 in Shanghai
    // Monday and Tuesday off, the Sunday before worked instead (调休).
    await updateSetting(app.db, 'holidays', '2026-11-23, 2026-11-24');
    await updateSetting(app.db, 'extraWorkingDays', '2026-11-22');
    try {
      const next = async (typed: string) => {
        const reply = replyText((await app.command(slackRep, '/visit', typed)).body);
        const [row] = await app.db
          .select({ next: visits.nextFollowUpOn })
          .from(visits)
          .orderBy(desc(visits.id))
          .limit(1);
        return { reply, next: row?.next };
      };
      // +1d is Saturday: the next working day is the make-up Sunday.
      expect((await next('Acme Labs call next:+1d')).next).toBe('2026-11-22');
      // Tier B, seven days: Friday 27th, a working day.
      expect((await next('华为技术 拜访')).next).toBe('2026-11-27');
      // +3d is the holiday Monday: past Tuesday too, to Wednesday.
      expect((await next('Acme Labs call next:+3d')).next).toBe('2026-11-25');
      const typedHoliday = await next('Acme Labs call next:2026-11-23');
      expect(typedHoliday.next).toBe('2026-11-23');
      expect(typedHoliday.reply).toContain('2026-11-23 is not a working day for your team');
      const typedMakeUp = await next('Acme Labs call next:2026-11-22');
      expect(typedMakeUp.next).toBe('2026-11-22');
      expect(typedMakeUp.reply).not.toContain('not a working day');
    } finally {
      await updateSetting(app.db, 'holidays', '');
      await updateSetting(app.db, 'extraWorkingDays', '');
    }
  });

  it('a rep in New York logging late on the spring-forward Sunday: the visit is that day, the follow-up a working day', async () => {
    const rep = await app.makeMember({ timezone: 'America/New_York' });
    await app.makeCustomer({ name: 'Hudson Freight', tier: 'B', ownerId: rep.id });
    // 23:30 EDT on Sunday 8 March 2026, the day the clocks went forward (03:30 UTC on the 9th).
    clock.set('2026-03-09T03:30:00Z');
    const reply = await app.command(rep.userId, '/visit', 'Hudson Freight late call, they sign Monday');
    // Tier B: seven days on is Sunday 15 March, so Monday 16th.
    expect(replyText(reply.body)).toContain('Visit logged for Hudson Freight on 2026-03-08');
    expect(replyText(reply.body)).toContain('Next follow-up: 2026-03-16');
    const [hudson] = await app.db.select().from(customers).where(eq(customers.name, 'Hudson Freight'));
    expect(hudson?.lastVisitOn).toBe('2026-03-08');
    expect(hudson?.nextFollowUpOn).toBe('2026-03-16');
  });
});
