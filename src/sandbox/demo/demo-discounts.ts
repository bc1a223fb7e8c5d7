/**
 * The demo team's discount history, filed by Riley and decided by Sam through the product's own
 * `/discount` and approval paths at past instants, so the deal rules have something to act on:
 *
 * - #1 Acme 4% on 80k, approved automatically (within the rep's band);
 * - #2 Acme 10% on 1,200,000, deal `Q-2026-114`, approved by Sam — a cut at or below it on that
 *   deal is approved again at once, citing Sam;
 * - #3 Initech 12%, deal `Q-2026-121`, rejected by Sam with a note — the next ask on that deal,
 *   however small, goes to Sam with the rejection beside it;
 * - #4 Globex 8% on 250k, still waiting for Sam (to approve, reject, withdraw or counter).
 *
 * Decisions fall on working days, within the policy's 30-day memory of approvals and rejections.
 */
import { eq } from 'drizzle-orm';
import type { Actor, AppDeps } from '../../app/context.ts';
import { type Decision, decide } from '../../app/discounts/decide-approval.ts';
import { discountCommand } from '../../app/discounts/request-discount.ts';
import { calendarOf, loadSettings } from '../../app/members/team-settings.ts';
import { discountRequests } from '../../db/schema.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { previousWorkingDate, type WorkingCalendar } from '../../domain/working-time.ts';
import { localInstant } from './demo-clock.ts';

/** The deals the "Try this" guide names; the seeded requests below are on them. */
export const DEMO_DEALS = { acme: 'Q-2026-114', initech: 'Q-2026-121' } as const;

const RILEY: Actor = { platform: 'slack', userId: 'U0DEMORILEY' };
const SAM: Actor = { platform: 'slack', userId: 'U0DEMOSAM' };

type Filing = {
  /** Working days before the seeding day (0: two hours before it, still open). */
  workingDaysAgo: number;
  at: string;
  text: string;
  decision?: { workingDaysAgo: number; at: string; outcome: Decision; note?: string };
};

/** In request-number order: each filing is #n of a fresh database. */
const FILINGS: readonly Filing[] = [
  { workingDaysAgo: 21, at: '15:00', text: 'Acme 4% on 80k reason:volume added 50 seats to the order' },
  {
    workingDaysAgo: 6,
    at: '11:20',
    text: `Acme 10% on 1,200,000 deal:${DEMO_DEALS.acme} reason:competitor Initech quoted 10% lower on the platform renewal`,
    decision: { workingDaysAgo: 6, at: '16:40', outcome: 'approved' },
  },
  {
    workingDaysAgo: 4,
    at: '10:05',
    text: `Initech 12% deal:${DEMO_DEALS.initech} reason:budget their budget for next year was cut`,
    decision: {
      workingDaysAgo: 3,
      at: '09:35',
      outcome: 'rejected',
      note: '12% is too deep for a one-year renewal. Come back with a two-year term and we can talk.',
    },
  },
  {
    workingDaysAgo: 0,
    at: '',
    text: 'Globex 8% on 250k reason:competitor Initech quoted 10% lower on the three-year deal',
  },
];

function workingDaysBefore(today: IsoDate, days: number, calendar: WorkingCalendar): IsoDate {
  let day = today;
  for (let i = 0; i < days; i++) day = previousWorkingDate(day, calendar);
  return day;
}

/** Files and decides the demo's discount requests as of `deps.clock.now()`; returns how many. */
export async function seedDemoDiscounts(deps: AppDeps, zone: string, today: IsoDate): Promise<number> {
  const now = deps.clock.now();
  const calendar = calendarOf(await loadSettings(deps.db));
  const asOf = (instant: Date): AppDeps => ({ ...deps, clock: { now: () => instant } });
  const instant = (workingDaysAgo: number, hhmm: string) =>
    localInstant(workingDaysBefore(today, workingDaysAgo, calendar), zone, hhmm);

  for (const [index, filing] of FILINGS.entries()) {
    const sourceKey = `demo:discount:${index + 1}`;
    // The open request is recent whatever the hour, so Sam has not been reminded of it yet.
    const filedAt =
      filing.workingDaysAgo === 0
        ? new Date(now.getTime() - 2 * 60 * 60 * 1000)
        : instant(filing.workingDaysAgo, filing.at);
    await discountCommand(asOf(filedAt), RILEY, { text: filing.text, sourceKey });
    // The command answers a refusal as a message: a request that did not land must stop the seeding.
    const [filed] = await deps.db
      .select({ id: discountRequests.id })
      .from(discountRequests)
      .where(eq(discountRequests.sourceKey, sourceKey));
    if (!filed) throw new Error(`the demo's discount request ${sourceKey} was not filed`);
    if (!filing.decision) continue;
    const { workingDaysAgo, at, outcome, note } = filing.decision;
    const decided = await decide(asOf(instant(workingDaysAgo, at)), SAM, {
      requestId: filed.id,
      stepNo: 1,
      decision: outcome,
      ...(note ? { note } : {}),
    });
    if (!decided.ok) throw new Error(`the demo's discount request #${filed.id} could not be decided`);
  }
  return FILINGS.length;
}
