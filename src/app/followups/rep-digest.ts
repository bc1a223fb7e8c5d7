import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { addDays, daysBetween, type IsoDate } from '../../domain/dates.ts';
import { nextWorkingDate, type WorkingCalendar } from '../../domain/working-time.ts';
import { catalog } from '../../messages/i18n/index.ts';
import type { Block, Message } from '../../messages/model.ts';
import type { Member } from '../members/members.ts';
import { dateArray, intArray, textArray } from '../sql-arrays.ts';

/** Lines with buttons per section: Slack allows 50 blocks a message, and a long list helps nobody. */
export const SHOWN_PER_SECTION = 8;

export type FollowUpLine = {
  id: number;
  name: string;
  tier: string;
  nextFollowUpOn: IsoDate;
  lastVisitOn: IsoDate | null;
  lastVisitSummary: string | null;
  lastNextStep: string | null;
};

export type BirthdayLine = {
  contact: string;
  title: string | null;
  customer: string;
  on: IsoDate;
  today: boolean;
};

export type PendingLine = { id: number; customer: string; percent: number; approver: string; since: Date };

export type RepDigest = {
  today: IsoDate;
  due: FollowUpLine[];
  dueTotal: number;
  overdue: FollowUpLine[];
  overdueTotal: number;
  birthdays: BirthdayLine[];
  pending: PendingLine[];
};

export type RepRecipient = { member: Member; today: IsoDate };

/** Birthdays to announce on `today`: today's, and those before the next working day (announced the day before). */
export function birthdayDates(
  today: IsoDate,
  calendar: WorkingCalendar,
): { on: IsoDate; md: string; today: boolean }[] {
  const dates = [{ on: today, md: today.slice(5), today: true }];
  const next = nextWorkingDate(today, calendar);
  for (let day = addDays(today, 1); day <= next; day = addDays(day, 1)) {
    dates.push({ on: day, md: day.slice(5), today: false });
  }
  // Born on 29 February: celebrated on the 28th when the year has no 29th.
  for (const date of [...dates]) {
    if (date.md === '02-28' && addDays(date.on, 1).slice(5) === '03-01') dates.push({ ...date, md: '02-29' });
  }
  return dates;
}

/**
 * The morning data of many reps in three queries, whatever their number of customers or visits:
 * due and overdue customers (top lines per rep and totals), birthdays, pending requests.
 */
export async function loadRepDigests(
  db: Db,
  recipients: RepRecipient[],
  calendar: WorkingCalendar,
): Promise<Map<number, RepDigest>> {
  const digests = new Map<number, RepDigest>();
  if (recipients.length === 0) return digests;
  for (const { member, today } of recipients) {
    digests.set(member.id, {
      today,
      due: [],
      dueTotal: 0,
      overdue: [],
      overdueTotal: 0,
      birthdays: [],
      pending: [],
    });
  }
  const ids = recipients.map((r) => r.member.id);

  const customerRows = rowsOf<{
    id: number;
    name: string;
    tier: string;
    owner_id: number;
    next_follow_up_on: string;
    last_visit_on: string | null;
    last_visit_summary: string | null;
    last_next_step: string | null;
    is_due_today: boolean;
    total: number;
  }>(
    await db.execute(sql`
      select * from (
        select c.id, c.name, c.tier, c.owner_id, coalesce(c.next_follow_up_on, c.assigned_on)::text as next_follow_up_on,
               c.last_visit_on::text as last_visit_on, c.last_visit_summary, c.last_next_step,
               coalesce(c.next_follow_up_on, c.assigned_on) = r.today as is_due_today,
               row_number() over w as rank, count(*) over (partition by c.owner_id, coalesce(c.next_follow_up_on, c.assigned_on) = r.today) as total
        from unnest(${intArray(ids)}, ${dateArray(recipients.map((r) => r.today))}) as r(owner_id, today)
        -- Never-visited customers without a date are due from the day they were assigned.
        join customers c on c.owner_id = r.owner_id and c.status <> 'lost'
         and coalesce(c.next_follow_up_on, c.assigned_on) <= r.today
        window w as (partition by c.owner_id, coalesce(c.next_follow_up_on, c.assigned_on) = r.today
                     order by c.tier, coalesce(c.next_follow_up_on, c.assigned_on), c.id)
      ) ranked
      where rank <= ${SHOWN_PER_SECTION}
      order by owner_id, rank`),
  );
  for (const row of customerRows) {
    const digest = digests.get(Number(row.owner_id))!;
    const line: FollowUpLine = {
      id: Number(row.id),
      name: row.name,
      tier: row.tier,
      nextFollowUpOn: row.next_follow_up_on,
      lastVisitOn: row.last_visit_on,
      lastVisitSummary: row.last_visit_summary,
      lastNextStep: row.last_next_step,
    };
    if (row.is_due_today) {
      digest.due.push(line);
      digest.dueTotal = Number(row.total);
    } else {
      digest.overdue.push(line);
      digest.overdueTotal = Number(row.total);
    }
  }

  const wanted = recipients.flatMap(({ member, today }) =>
    birthdayDates(today, calendar).map((day) => ({ owner: member.id, ...day })),
  );
  const birthdayRows = rowsOf<{
    owner_id: number;
    contact: string;
    title: string | null;
    customer: string;
    on_date: string;
    is_today: boolean;
  }>(
    await db.execute(sql`
      select w.owner_id, ct.name as contact, ct.title, c.name as customer, w.on_date::text as on_date, w.is_today
      from unnest(${intArray(wanted.map((w) => w.owner))}, ${textArray(wanted.map((w) => w.md))},
                  ${dateArray(wanted.map((w) => w.on))}, ${textArray(wanted.map((w) => String(w.today)))}::boolean[])
           as w(owner_id, md, on_date, is_today)
      join contacts ct on ct.birthday_month_day = w.md
      join customers c on c.id = ct.customer_id and c.owner_id = w.owner_id and c.status <> 'lost'
      -- The same few month-days for the whole batch: lets the planner use contacts_birthday instead of a full scan.
      where ct.birthday_month_day = any(${textArray([...new Set(wanted.map((w) => w.md))])})
      order by w.owner_id, w.on_date, c.name, ct.name`),
  );
  for (const row of birthdayRows) {
    digests.get(Number(row.owner_id))!.birthdays.push({
      contact: row.contact,
      title: row.title,
      customer: row.customer,
      on: row.on_date,
      today: row.is_today,
    });
  }

  const pendingRows = rowsOf<{
    requester_id: number;
    id: number;
    customer: string;
    percent: string;
    approver: string;
    since: string | Date;
  }>(
    await db.execute(sql`
      select d.requester_id, d.id, c.name as customer, d.percent, m.name as approver, s.pending_since as since
      from discount_requests d
      join approval_steps s on s.request_id = d.id and s.status = 'pending'
      join customers c on c.id = d.customer_id
      join members m on m.id = s.approver_id
      where d.requester_id = any(${intArray(ids)}) and d.status = 'pending'
      order by d.requester_id, s.pending_since`),
  );
  for (const row of pendingRows) {
    digests.get(Number(row.requester_id))!.pending.push({
      id: Number(row.id),
      customer: row.customer,
      percent: Number(row.percent),
      approver: row.approver,
      since: new Date(row.since),
    });
  }
  return digests;
}

export function hasNews(digest: RepDigest): boolean {
  return digest.dueTotal + digest.overdueTotal + digest.birthdays.length + digest.pending.length > 0;
}

/** "3 h", "2 days": how long something has waited, in the reader's words. */
export function ageText(member: Member, since: Date, now: Date): string {
  const t = catalog(member.lang).age;
  const minutes = Math.max(0, Math.round((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return t.minutes({ n: minutes });
  if (minutes < 48 * 60) return t.hours({ n: Math.round(minutes / 60) });
  return t.days({ n: Math.floor(minutes / 1440) });
}

function customerBlocks(member: Member, line: FollowUpLine, today: IsoDate, overdue: boolean): Block[] {
  const t = catalog(member.lang).followups;
  const title = overdue
    ? t.overdueLine({ customer: line.name, tier: line.tier, days: daysBetween(line.nextFollowUpOn, today) })
    : t.dueLine({ customer: line.name, tier: line.tier });
  const details = [
    line.lastVisitOn && line.lastVisitSummary
      ? t.lastVisit({ date: line.lastVisitOn, summary: clip(line.lastVisitSummary) })
      : t.neverVisited,
  ];
  if (line.lastNextStep) details.push(t.promised({ step: clip(line.lastNextStep) }));
  const value = String(line.id);
  return [
    { type: 'text', text: `${title}\n${details.join('\n')}` },
    {
      type: 'actions',
      buttons: [
        { actionId: 'followup.visit', label: t.logVisit, value, style: 'primary' },
        { actionId: 'followup.snooze', label: t.snooze, value },
        { actionId: 'followup.done', label: t.done, value },
      ],
    },
  ];
}

const clip = (text: string) => (text.length > 280 ? `${text.slice(0, 279)}…` : text);

/** The rep's morning message (and `/followups`): what is due, overdue, birthdays and waiting requests. */
export function repDigestMessage(member: Member, digest: RepDigest, now: Date): Message {
  const c = catalog(member.lang);
  const t = c.followups;
  if (!hasNews(digest)) {
    const text = t.allClear({ name: member.name });
    return { text, blocks: [{ type: 'text', text }] };
  }
  const header = t.header({ name: member.name, date: digest.today });
  const blocks: Block[] = [{ type: 'header', text: header }];
  const section = (title: string, lines: FollowUpLine[], total: number, overdue: boolean) => {
    if (total === 0) return;
    blocks.push({ type: 'context', text: title });
    for (const line of lines) blocks.push(...customerBlocks(member, line, digest.today, overdue));
    if (total > lines.length) blocks.push({ type: 'context', text: t.more({ count: total - lines.length }) });
  };
  section(t.dueToday({ count: digest.dueTotal }), digest.due, digest.dueTotal, false);
  section(t.overdue({ count: digest.overdueTotal }), digest.overdue, digest.overdueTotal, true);
  if (digest.birthdays.length > 0) {
    blocks.push({
      type: 'text',
      text: [
        t.birthdays,
        ...digest.birthdays.map((b) => {
          const params = {
            contact: b.contact,
            title: b.title ? ` (${b.title})` : '',
            customer: b.customer,
            date: b.on,
          };
          return b.today ? t.birthdayToday(params) : t.birthdayTomorrow(params);
        }),
      ].join('\n'),
    });
  }
  if (digest.pending.length > 0) {
    blocks.push({
      type: 'text',
      text: [
        t.pending,
        ...digest.pending.map((p) =>
          t.pendingLine({
            id: p.id,
            customer: p.customer,
            percent: p.percent,
            approver: p.approver,
            age: ageText(member, p.since, now),
          }),
        ),
      ].join('\n'),
    });
  }
  return { text: header, blocks };
}
