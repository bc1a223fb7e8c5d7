/**
 * A realistic team, inserted directly with drizzle in batches: directors → supervisors → reps, each
 * rep owning customers (most named "Customer 0001 Ltd", every fifth a Chinese company name), with
 * some visit and discount history so lookups run against populated tables and indexes.
 */
import type { Db } from '../../src/db/client.ts';
import { customers, discountRequests, members, visits } from '../../src/db/schema.ts';
import { normalizeName } from '../../src/domain/customer-match.ts';
import type { Random } from './random.ts';

export const TEAM_SHAPE = {
  directors: 5,
  supervisorsPerDirector: 10,
  repsPerSupervisor: 10,
  customersPerRep: 20,
  pastVisitsPerCustomer: 2,
  /** One past (approved) discount request for every N customers. */
  pastDiscountEvery: 5,
} as const;

const CITIES = [
  '上海',
  '北京',
  '深圳',
  '广州',
  '杭州',
  '南京',
  '苏州',
  '成都',
  '武汉',
  '天津',
  '重庆',
  '西安',
  '青岛',
  '宁波',
  '厦门',
  '长沙',
  '郑州',
  '合肥',
  '无锡',
  '佛山',
];
const BRANDS = [
  '华星',
  '恒通',
  '宏达',
  '金桥',
  '瑞丰',
  '东方',
  '博远',
  '鼎盛',
  '嘉禾',
  '天成',
  '新元',
  '中联',
  '永泰',
  '和信',
  '锦程',
  '盛世',
  '远航',
  '汇丰',
  '同创',
  '九州',
];
const TRADES = ['科技有限公司', '贸易有限公司', '实业有限公司', '电子有限公司', '物流有限公司'];
const TIERS = ['A', 'B', 'B', 'C', 'C', 'C', 'D'] as const;
const PAST_NOTES = [
  'Quarterly review with procurement',
  'Site walk-through with the plant manager',
  '与采购经理沟通续约条款',
  'Demo of the new dashboard to finance',
];

export type SeedCustomer = { id: number; name: string };
export type SeedRep = { userId: string; customers: SeedCustomer[] };
export type SeedSupervisor = { userId: string; customers: SeedCustomer[] };
export type SeededTeam = {
  reps: SeedRep[];
  supervisors: SeedSupervisor[];
  counts: {
    members: number;
    directors: number;
    supervisors: number;
    reps: number;
    customers: number;
    chineseCustomers: number;
    visits: number;
    discountRequests: number;
  };
};

async function inBatches<T>(
  rows: T[],
  size: number,
  insert: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  for (let at = 0; at < rows.length; at += size) await insert(rows.slice(at, at + size));
}

function chineseName(index: number): string {
  const city = CITIES[index % CITIES.length]!;
  const brand = BRANDS[Math.floor(index / CITIES.length) % BRANDS.length]!;
  const trade = TRADES[Math.floor(index / (CITIES.length * BRANDS.length)) % TRADES.length]!;
  return `${city}${brand}${trade}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export async function seedTeam(db: Db, random: Random): Promise<SeededTeam> {
  const shape = TEAM_SHAPE;
  const directorRows = await db
    .insert(members)
    .values(
      Array.from({ length: shape.directors }, (_, d) => ({
        platform: 'slack',
        userId: `UD${pad(d + 1, 4)}`,
        name: `Director ${d + 1}`,
        role: 'director',
      })),
    )
    .returning({ id: members.id });

  const supervisorValues = directorRows.flatMap((director, d) =>
    Array.from({ length: shape.supervisorsPerDirector }, (_, s) => {
      const n = d * shape.supervisorsPerDirector + s + 1;
      return {
        platform: 'slack',
        userId: `US${pad(n, 4)}`,
        name: `Supervisor ${n}`,
        role: 'supervisor',
        managerId: director.id,
      };
    }),
  );
  const supervisorRows = await db
    .insert(members)
    .values(supervisorValues)
    .returning({ id: members.id, userId: members.userId });

  const repValues = supervisorRows.flatMap((supervisor, s) =>
    Array.from({ length: shape.repsPerSupervisor }, (_, r) => {
      const n = s * shape.repsPerSupervisor + r + 1;
      return {
        platform: 'slack',
        userId: `UR${pad(n, 4)}`,
        name: `Rep ${n}`,
        role: 'rep',
        managerId: supervisor.id,
      };
    }),
  );
  const repRows = await db
    .insert(members)
    .values(repValues)
    .returning({ id: members.id, userId: members.userId, managerId: members.managerId });

  // Customers: every fifth one Chinese, the rest "Customer 0001 Ltd"… (unique names, none a prefix of another).
  let latin = 0;
  let chinese = 0;
  const customerValues = repRows.flatMap((rep) =>
    Array.from({ length: shape.customersPerRep }, (_, c) => {
      const name = c % 5 === 4 ? chineseName(chinese++) : `Customer ${pad(++latin, 4)} Ltd`;
      return {
        name,
        nameKey: normalizeName(name),
        tier: random.pick(TIERS),
        status: 'active',
        ownerId: rep.id,
        assignedOn: daysAgo(400 + random.int(300)),
        lastVisitOn: daysAgo(3 + random.int(60)),
        nextFollowUpOn: daysAgo(-random.int(30)),
      };
    }),
  );
  const customerRows: { id: number; name: string; ownerId: number }[] = [];
  await inBatches(customerValues, 1000, async (batch) => {
    customerRows.push(
      ...(await db
        .insert(customers)
        .values(batch)
        .returning({ id: customers.id, name: customers.name, ownerId: customers.ownerId })),
    );
  });

  const visitValues = customerRows.flatMap((customer) =>
    Array.from({ length: shape.pastVisitsPerCustomer }, () => ({
      customerId: customer.id,
      memberId: customer.ownerId,
      kind: 'visit',
      summary: random.pick(PAST_NOTES),
      nextFollowUpOn: daysAgo(-random.int(30)),
      visitedOn: daysAgo(3 + random.int(180)),
    })),
  );
  await inBatches(visitValues, 2000, (batch) => db.insert(visits).values(batch));

  const discountValues = customerRows
    .filter((_, index) => index % shape.pastDiscountEvery === 0)
    .map((customer) => {
      const at = new Date(Date.now() - (10 + random.int(170)) * 86_400_000);
      return {
        customerId: customer.id,
        requesterId: customer.ownerId,
        percent: 8,
        amount: 20_000,
        reason: 'competitor',
        justification: 'Matching a competing quote',
        status: 'approved',
        currentStep: 1,
        createdAt: at,
        decidedAt: at,
      };
    });
  await inBatches(discountValues, 2000, (batch) => db.insert(discountRequests).values(batch));

  const byOwner = new Map<number, SeedCustomer[]>();
  for (const customer of customerRows) {
    const list = byOwner.get(customer.ownerId) ?? [];
    list.push({ id: customer.id, name: customer.name });
    byOwner.set(customer.ownerId, list);
  }
  const reps: SeedRep[] = repRows.map((rep) => ({
    userId: rep.userId,
    customers: byOwner.get(rep.id) ?? [],
  }));
  const supervisors: SeedSupervisor[] = supervisorRows.map((supervisor) => ({
    userId: supervisor.userId,
    customers: repRows
      .filter((rep) => rep.managerId === supervisor.id)
      .flatMap((rep) => byOwner.get(rep.id) ?? []),
  }));
  return {
    reps,
    supervisors,
    counts: {
      members: directorRows.length + supervisorRows.length + repRows.length,
      directors: directorRows.length,
      supervisors: supervisorRows.length,
      reps: repRows.length,
      customers: customerRows.length,
      chineseCustomers: chinese,
      visits: visitValues.length,
      discountRequests: discountValues.length,
    },
  };
}
