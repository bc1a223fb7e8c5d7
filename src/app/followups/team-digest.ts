import type { IsoDate } from '../../domain/dates.ts';
import { periodDates, type ReportPeriod } from '../../domain/report-period.ts';
import { previousWorkingDate, type WorkingCalendar } from '../../domain/working-time.ts';
import { catalog, formatMoney, listOf } from '../../messages/i18n/index.ts';
import type { Block, Message } from '../../messages/model.ts';
import type { Member } from '../members/members.ts';
import type { TeamSettings } from '../members/team-settings.ts';
import type { DiscountFigures } from './discount-figures.ts';
import { ageText } from './rep-digest.ts';

export type TeamRecipient = {
  member: Member;
  today: IsoDate;
  /** Visits are counted from `from` to `to`, discounts from `discountFrom` to `to`; local dates, inclusive. */
  from: IsoDate;
  to: IsoDate;
  discountFrom: IsoDate;
  kind: 'digest' | 'report';
};

export type TeamDigest = {
  recipient: TeamRecipient;
  visits: { rep: string; count: number; customers: string[] }[];
  silent: { rep: string; last: IsoDate | null }[];
  waiting: { id: number; customer: string; percent: number; rep: string; since: Date }[];
  stale: {
    total: number;
    lines: {
      customerId: number;
      customer: string;
      tier: string;
      owner: string;
      ownerId: number;
      since: IsoDate;
    }[];
  };
  /** Call-backs of customers handed over from a rep who left, per new owner (handover-callbacks.ts). */
  callbacks: { owner: string; done: number; total: number }[];
  /** Prospects the team added from chat in the window (new-prospects.ts): the first few, and how many. */
  newProspects: { total: number; lines: { customer: string; owner: string }[] };
  /** The team's active reps: who a stale account may be handed to (never the supervisor themself). */
  teamReps: { id: number; userId: string; name: string }[];
  discounts: DiscountFigures;
};

const monthStart = (today: IsoDate) => `${today.slice(0, 8)}01`;

/** The morning digest: visits of the previous working day, discounts month to date. */
export function digestRecipient(member: Member, today: IsoDate, calendar: WorkingCalendar): TeamRecipient {
  const yesterday = previousWorkingDate(today, calendar);
  return { member, today, from: yesterday, to: yesterday, discountFrom: monthStart(today), kind: 'digest' };
}

/** `/report week` runs Monday to today, `/report month` the 1st to today, `last-month` the whole month before. */
export function reportRecipient(member: Member, today: IsoDate, period: ReportPeriod): TeamRecipient {
  const { from, to } = periodDates(period, today);
  return { member, today, from, to, discountFrom: from, kind: 'report' };
}

/** The supervisor's morning message, or the `/report` for a period. */
/**
 * `digestKey`: the outbox key the message is sent under, carried by each stale account's picker so a
 * hand-over can strike that line from this very message (absent for `/report`, answered privately).
 */
export function teamDigestMessage(
  member: Member,
  digest: TeamDigest,
  settings: TeamSettings,
  now: Date,
  digestKey?: string,
): Message {
  const c = catalog(member.lang);
  const t = c.team;
  const { recipient } = digest;
  const header =
    recipient.kind === 'digest'
      ? t.header({ name: member.name, date: recipient.today })
      : t.reportHeader({ name: member.name, from: recipient.from, to: recipient.to });
  const blocks: Block[] = [{ type: 'header', text: header }];
  const visitsTitle = recipient.kind === 'digest' ? t.yesterday({ date: recipient.from }) : t.visitsInPeriod;
  blocks.push({
    type: 'text',
    text: [
      visitsTitle,
      ...(digest.visits.length === 0
        ? [t.noVisits]
        : digest.visits.map((v) =>
            t.visitsLine({ rep: v.rep, count: v.count, customers: v.customers.slice(0, 8).join(', ') }),
          )),
    ].join('\n'),
  });
  blocks.push({
    type: 'text',
    text: [
      t.silent({ days: settings.silentAfterWorkingDays }),
      ...(digest.silent.length === 0
        ? [t.everyoneActive]
        : digest.silent.map((s) =>
            s.last ? t.silentLine({ rep: s.rep, last: s.last }) : t.silentNever({ rep: s.rep }),
          )),
    ].join('\n'),
  });
  blocks.push({
    type: 'text',
    text: [
      t.waiting({ count: digest.waiting.length }),
      ...(digest.waiting.length === 0
        ? [t.nothingWaiting]
        : digest.waiting.slice(0, 10).map((w) =>
            t.waitingLine({
              id: w.id,
              customer: w.customer,
              percent: w.percent,
              rep: w.rep,
              age: ageText(member, w.since, now),
            }),
          )),
    ].join('\n'),
  });
  blocks.push(...callbackBlocks(member, digest));
  blocks.push(...newProspectBlocks(member, digest));
  blocks.push({
    type: 'context',
    text: t.stale({ days: settings.staleAfterDays, count: digest.stale.total }),
  });
  if (digest.stale.total === 0) blocks.push({ type: 'text', text: t.noStale });
  for (const line of digest.stale.lines) {
    blocks.push({
      type: 'userPicker',
      text: t.staleLine({ customer: line.customer, tier: line.tier, owner: line.owner, since: line.since }),
      actionId: 'stale.reassign',
      placeholder: t.reassignPlaceholder,
      value: digestKey ? `${line.customerId}|${digestKey}` : String(line.customerId),
      // The team's reps but the one who has it: the supervisor hands over within the team.
      choices: digest.teamReps
        .filter((rep) => rep.id !== line.ownerId)
        .map((rep) => ({ value: rep.userId, label: rep.name })),
    });
  }
  if (digest.stale.total > digest.stale.lines.length) {
    blocks.push({
      type: 'context',
      text: c.customer.more({ count: digest.stale.total - digest.stale.lines.length }),
    });
  }
  const period = recipient.kind === 'digest' ? t.monthToDate : `${recipient.discountFrom} – ${recipient.to}`;
  blocks.push({
    type: 'text',
    text: `${t.discounts({ period })}\n${discountFiguresText(member, digest.discounts, settings.currency)}`,
  });
  return { text: header, blocks };
}

/** The discount figures in one line, the same for the team's report and a rep's own. */
export function discountFiguresText(member: Member, figures: DiscountFigures, currency: string): string {
  const t = catalog(member.lang).team;
  const decided = figures.granted + figures.rejected;
  if (figures.requests === 0) return t.noDiscounts;
  return t.discountFigures({
    requests: figures.requests,
    rate: decided === 0 ? t.none : `${Math.round((100 * figures.granted) / decided)}%`,
    average: figures.averagePercent === null ? t.none : `${Math.round(figures.averagePercent * 10) / 10}%`,
    total: formatMoney(figures.given, currency, member.lang),
  });
}

/** Prospects added by the team, grouped by who added them; nothing when there are none. */
function newProspectBlocks(member: Member, digest: TeamDigest): Block[] {
  const { total, lines } = digest.newProspects;
  if (total === 0) return [];
  const t = catalog(member.lang).prospect;
  const byOwner = new Map<string, string[]>();
  for (const line of lines) byOwner.set(line.owner, [...(byOwner.get(line.owner) ?? []), line.customer]);
  const text = [
    t.digestTitle({ count: total }),
    ...[...byOwner].map(([rep, names]) => t.digestLine({ rep, customers: listOf(member.lang, names) })),
    ...(total > lines.length ? [t.digestMore({ count: total - lines.length })] : []),
  ];
  return [{ type: 'text', text: text.join('\n') }];
}

/** Hand-over call-backs, while some are still to do: the total, then each new owner's share. */
function callbackBlocks(member: Member, digest: TeamDigest): Block[] {
  const total = digest.callbacks.reduce((sum, c) => sum + c.total, 0);
  const done = digest.callbacks.reduce((sum, c) => sum + c.done, 0);
  if (total === 0 || done === total) return [];
  const t = catalog(member.lang).leave;
  const lines = digest.callbacks.map((c) => t.callbackLine({ owner: c.owner, done: c.done, total: c.total }));
  return [{ type: 'text', text: [t.callbacks({ done, total }), ...lines].join('\n') }];
}
