/**
 * The demo team of the local sandbox: a director, a supervisor, two reps and an admin, their
 * customers across tiers A–D (Chinese and English names), key contacts, visits over the past
 * weeks (some follow-ups due today, some overdue, two stale accounts) and a discount history ending
 * with one request waiting for the supervisor (demo-discounts.ts). Everything goes through the
 * product's own paths — CSV imports, `/visit`, `/discount` and approvals at past instants — so the
 * demo data is exactly what real use produces.
 */
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import type { AppDeps } from '../../app/context.ts';
import { birthdayDates } from '../../app/followups/rep-digest.ts';
import { importContacts } from '../../app/imports/import-contacts.ts';
import { importCustomers } from '../../app/imports/import-customers.ts';
import { importMembers } from '../../app/imports/import-members.ts';
import { calendarOf, loadSettings } from '../../app/members/team-settings.ts';
import { visitCommand } from '../../app/visits/log-visit.ts';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { members } from '../../db/schema.ts';
import { addDays, type IsoDate, localDate, startOfLocalDay } from '../../domain/dates.ts';
import { seedDemoDiscounts } from './demo-discounts.ts';

export const DEMO_ZONE = 'Asia/Shanghai';

export type DemoMember = {
  userId: string;
  name: string;
  role: 'rep' | 'supervisor' | 'director' | 'admin';
  manager: string;
  locale: 'en' | 'zh-CN';
};

export const DEMO_MEMBERS: readonly DemoMember[] = [
  { userId: 'U0DEMORILEY', name: 'Riley Chen 陈锐', role: 'rep', manager: 'U0DEMOSAM', locale: 'en' },
  { userId: 'U0DEMOMEI', name: 'Mei Zhang 张梅', role: 'rep', manager: 'U0DEMOSAM', locale: 'zh-CN' },
  { userId: 'U0DEMOSAM', name: 'Sam Li 李森', role: 'supervisor', manager: 'U0DEMODANA', locale: 'en' },
  { userId: 'U0DEMODANA', name: 'Dana Wu 吴丹', role: 'director', manager: '', locale: 'zh-CN' },
  { userId: 'U0DEMOALEX', name: 'Alex Admin 艾力', role: 'admin', manager: '', locale: 'en' },
];

const RILEY = 'U0DEMORILEY';
const MEI = 'U0DEMOMEI';

const CUSTOMERS = [
  ['Acme Corporation', 'A', RILEY, 'active'],
  ['Globex Trading', 'B', RILEY, 'active'],
  ['华星电子有限公司', 'A', RILEY, 'prospect'],
  ['Initech Software', 'C', RILEY, 'active'],
  ['Umbrella Logistics', 'D', RILEY, 'dormant'],
  ['蓝海物流', 'B', RILEY, 'prospect'],
  ['上海明辉贸易有限公司', 'A', MEI, 'active'],
  ['北京天成科技', 'B', MEI, 'prospect'],
  ['Northwind Foods', 'C', MEI, 'active'],
  ['杭州云帆文化传媒', 'D', MEI, 'prospect'],
  ['康拓医药 Contoso Pharma', 'B', MEI, 'active'],
] as const;

/** Customers were assigned this long ago, so untouched ones are stale (90 days without progress). */
const ASSIGNED_DAYS_AGO = 120;

/**
 * Visits as typed, oldest first, in days before the seeding day. With the default cadence
 * (A 3 days, B 7, C 14, D 30) they leave Acme and 北京天成 due today, Globex, Initech,
 * 上海明辉 and Umbrella overdue, and Umbrella stale (its last stage change was 100 days ago).
 */
const VISITS: readonly { daysAgo: number; user: string; text: string }[] = [
  { daysAgo: 100, user: RILEY, text: 'Umbrella first meeting with the logistics director stage:plan' },
  { daysAgo: 45, user: RILEY, text: 'Umbrella quarterly check-in, volumes flat kind:call' },
  { daysAgo: 40, user: RILEY, text: 'Acme intro meeting with procurement stage:relationship' },
  { daysAgo: 20, user: RILEY, text: 'Initech renewal call, happy with support kind:call stage:maintenance' },
  { daysAgo: 12, user: MEI, text: '上海明辉 拜访采购部，确认明年预算 stage:relationship' },
  { daysAgo: 10, user: RILEY, text: 'Globex demo for the operations team stage:agreement' },
  { daysAgo: 7, user: MEI, text: '北京天成 技术交流会，对方CTO参加 kind:meeting stage:plan' },
  { daysAgo: 6, user: MEI, text: '上海明辉 商务午餐，讨论三年框架协议 kind:meal stage:agreement' },
  {
    daysAgo: 5,
    user: RILEY,
    text: '华星电子 first call with the purchasing director kind:call next:+5d stage:plan',
  },
  { daysAgo: 3, user: RILEY, text: 'Acme walked the CFO through the pricing model stage:agreement' },
  { daysAgo: 3, user: MEI, text: 'Northwind tasting event for their buyers kind:event' },
  { daysAgo: 2, user: RILEY, text: '蓝海物流 site visit at the Ningbo warehouse stage:relationship' },
  { daysAgo: 1, user: MEI, text: '康拓医药 回访，新产品线试用反馈良好 stage:maintenance' },
];

export type DemoSummary = { members: number; customers: number; visits: number; discounts: number };

/** True when no member exists yet: the demo is seeded only into an empty workspace. */
export async function hasNoMembers(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: members.id }).from(members).limit(1);
  return row === undefined;
}

/** The instant the wall clock in the demo zone shows `hhmm` on `date`. */
function at(date: IsoDate, hhmm: string): Date {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return new Date(startOfLocalDay(date, DEMO_ZONE).getTime() + (hours * 60 + minutes) * 60_000);
}

const csvLine = (cells: readonly string[]) =>
  cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell}"` : cell)).join(',');

/** Seeds the demo team as of `deps.clock.now()`. Call it on an empty database (see `hasNoMembers`). */
export async function seedDemo(deps: AppDeps): Promise<DemoSummary> {
  const now = deps.clock.now();
  const today = localDate(now, DEMO_ZONE);
  const asOf = (instant: Date): AppDeps => ({ ...deps, clock: { now: () => instant } });

  await importMembers(
    deps.db,
    [
      'platform,user_id,name,role,manager_user_id,timezone,locale,email',
      ...DEMO_MEMBERS.map((m) =>
        csvLine(['slack', m.userId, m.name, m.role, m.manager, DEMO_ZONE, m.locale, '']),
      ),
    ].join('\n'),
    { now },
  );
  await importCustomers(
    deps.db,
    ['name,tier,owner_user_id,status', ...CUSTOMERS.map((c) => csvLine(c))].join('\n'),
    { now: at(addDays(today, -ASSIGNED_DAYS_AGO), '09:00'), defaultTimezone: DEMO_ZONE },
  );

  // A birthday the reps are told about this morning, and one on the next working day.
  const calendar = calendarOf(await loadSettings(deps.db));
  const upcoming = birthdayDates(today, calendar).at(-1)?.on ?? addDays(today, 1);
  await importContacts(
    deps.db,
    [
      'customer,name,title,birthday,phone,email',
      csvLine(['Acme Corporation', 'Jane Doe', 'CFO', upcoming.slice(5), '+1 555 0100', 'jane@acme.example']),
      csvLine(['Acme Corporation', 'Tom Baker', 'Head of Purchasing', '1979-07-14', '', '']),
      csvLine(['华星电子有限公司', '王强', '采购总监', '3月8日', '138 0000 0000', '']),
      csvLine(['上海明辉贸易有限公司', '刘洋', '总经理', today.slice(5), '139 1234 5678', '']),
      csvLine(['北京天成科技', '赵敏', 'CTO', '11月2日', '', '']),
    ].join('\n'),
    { now },
  );

  let seq = 0;
  for (const visit of VISITS) {
    seq += 1;
    const when = at(addDays(today, -visit.daysAgo), '10:00');
    await visitCommand(
      asOf(when),
      { platform: 'slack', userId: visit.user },
      { text: visit.text, sourceKey: `demo:visit:${seq}` },
    );
  }
  const discounts = await seedDemoDiscounts(deps, DEMO_ZONE, today);
  deps.outboxQueued();
  return { members: DEMO_MEMBERS.length, customers: CUSTOMERS.length, visits: VISITS.length, discounts };
}

export class DemoResetRefused extends Error {
  override readonly name = 'DemoResetRefused';
}

/**
 * Empties every table so the demo can be seeded again. Refused when the database holds members who
 * are not part of the demo team: a reset must never wipe a real team by mistake.
 */
export async function clearDemo(db: Db): Promise<void> {
  const demoIds = new Set(DEMO_MEMBERS.map((m) => m.userId));
  const strangers = (await db.select({ userId: members.userId }).from(members)).filter(
    (row) => !demoIds.has(row.userId),
  );
  if (strangers.length > 0) {
    throw new DemoResetRefused(
      `the database holds ${strangers.length} member(s) who are not part of the demo team (e.g. ${strangers[0]!.userId}); nothing was deleted`,
    );
  }
  // Only AccountDesk's own tables: the database may be shared with other applications.
  const tables = Object.values(schema)
    .filter((table) => is(table, PgTable))
    .map((table) => `"${getTableName(table).replace(/"/g, '""')}"`);
  if (tables.length > 0)
    await db.execute(sql.raw(`truncate table ${tables.join(', ')} restart identity cascade`));
}
