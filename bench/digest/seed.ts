/**
 * Set-based seeding of the digest bench database: every table is one `insert … select … from
 * generate_series(…)`, sent straight through postgres.js. On the seeding connection only, foreign-key
 * triggers are off (`session_replication_role = replica`: the rows are consistent by construction)
 * and the secondary indexes of the big tables are dropped and rebuilt afterwards from their own
 * definitions (read back from `pg_indexes`, so whatever the migrations define is what is rebuilt).
 */
import type postgres from 'postgres';
import { BENCH_AT, BENCH_DAY, counts, HISTORY_DAYS, type Shape, SILENT_EVERY } from './shape.ts';

export type SeedStep = { step: string; ms: number };

const BIG_TABLES = ['customers', 'contacts', 'visits', 'discount_requests', 'approval_steps'];

const CITIES = ['上海', '北京', '深圳', '广州', '杭州', '南京', '苏州', '成都', '武汉', '天津'];
const BRANDS = ['华星', '恒通', '宏达', '金桥', '瑞丰', '东方', '博远', '鼎盛', '嘉禾', '天成'];
const SUMMARIES = [
  'Quarterly review with procurement; they want volume pricing on the 2026 frame contract',
  '与采购经理沟通续约条款，对方希望年底前锁定价格',
  'Site walk-through with the plant manager, second line to be automated next spring',
  'Demo of the new dashboard to finance; CFO asked for a reference customer in their sector',
  '拜访技术总监，确认了样品测试结果，下一步安排商务谈判',
  'Lunch with the owner: competitor offered 8 % off, we hold on value and service level',
];
const NEXT_STEPS = [
  'Send the revised quote',
  '安排工厂参观',
  'Book a meeting with the CFO',
  '提供样品和技术资料',
  'Follow up on the pilot results',
  null,
];

const textArray = (values: readonly (string | null)[]) =>
  `array[${values.map((v) => (v === null ? 'null' : `'${v.replace(/'/g, "''")}'`)).join(', ')}]::text[]`;

/** Seeds the (freshly migrated, empty) bench database; returns the time of each step. */
export async function seedDigestData(sql: postgres.Sql, shape: Shape): Promise<SeedStep[]> {
  const n = counts(shape);
  const day = `date '${BENCH_DAY}'`;
  const at = `timestamptz '${BENCH_AT.toISOString()}'`;
  const firstSupervisor = n.directors + 1;
  const firstRep = n.directors + n.supervisors + 1;
  const P = shape.customersPerRep;
  const V = shape.visitsPerRep;
  const Q = shape.discountRequestsPerRep;
  const steps: SeedStep[] = [];
  const step = async (name: string, text: string) => {
    const started = performance.now();
    await sql.unsafe(text).simple();
    steps.push({ step: name, ms: Math.round(performance.now() - started) });
  };

  await sql.unsafe(`set session_replication_role = replica`);
  await sql.unsafe(`set maintenance_work_mem = '512MB'`);
  await sql.unsafe(`set synchronous_commit = off`);
  await sql.unsafe(`select setseed(0.20251119)`);

  const indexes = await sql.unsafe<{ indexname: string; indexdef: string }[]>(
    `select i.indexname, i.indexdef from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [BIG_TABLES],
  );
  for (const index of indexes) await sql.unsafe(`drop index "${index.indexname}"`);

  // Directors 1…D, supervisors next (50 per director), reps last (10 per supervisor). Zones by id:
  // 80 % Shanghai, 10 % Berlin, 10 % New York; half set by the admin, half from the chat profile.
  await step(
    'members',
    `insert into members (id, platform, workspace, user_id, name, role, manager_id, timezone,
                          platform_timezone, locale, email, active)
     select id, case when id % 3 = 0 then 'lark' else 'slack' end, '',
            case when id % 3 = 0 then 'ou_bench' else 'UBENCH' end || lpad(id::text, 6, '0'),
            initcap(role) || ' ' || lpad(id::text, 5, '0'), role, manager_id,
            case when id % 2 = 0 then zone end, case when id % 2 = 1 then zone end,
            case when zone = 'Asia/Shanghai' then 'zh-CN' else 'en' end,
            'member' || id || '@example.com', true
     from (
       select g as id,
              case when g < ${firstSupervisor} then 'director' when g < ${firstRep} then 'supervisor' else 'rep' end as role,
              case when g < ${firstSupervisor} then null
                   when g < ${firstRep} then 1 + (g - ${firstSupervisor}) / ${shape.supervisorsPerDirector}
                   else ${firstSupervisor} + (g - ${firstRep}) / ${shape.repsPerSupervisor} end as manager_id,
              case g % 10 when 0 then 'America/New_York' when 1 then 'Europe/Berlin' else 'Asia/Shanghai' end as zone
       from generate_series(1, ${n.members}) g
     ) m;
     select setval(pg_get_serial_sequence('members', 'id'), ${n.members});`,
  );

  // P customers per rep. Tiers 10/25/35/30 % A–D; 55 % active, 30 % prospect, 10 % dormant, 5 % lost.
  // Next follow-up from 12 days ago to 67 days ahead (~16 % due or overdue), 3 % never visited and
  // due from their assignment; ~12 % without progress for more than 90 days (stale).
  await step(
    'customers',
    `insert into customers (id, name, name_key, tier, status, owner_id, stage, last_visit_on, last_visit_summary,
                            last_next_step, last_progress_on, next_follow_up_on, assigned_on)
     select g + 1, name, lower(name),
            case when t < 0.10 then 'A' when t < 0.35 then 'B' when t < 0.70 then 'C' else 'D' end,
            case when s < 0.55 then 'active' when s < 0.85 then 'prospect' when s < 0.95 then 'dormant' else 'lost' end,
            owner_id,
            case when never then null else (array['plan', 'relationship', 'agreement', 'maintenance'])[1 + g % 4] end,
            case when never then null else ${day} - 1 - floor(v * v * 540)::int end,
            case when never then null else (${textArray(SUMMARIES)})[1 + (g * 7) % ${SUMMARIES.length}] end,
            case when never then null else (${textArray(NEXT_STEPS)})[1 + (g * 11) % ${NEXT_STEPS.length}] end,
            case when never then null
                 when p < 0.12 then ${day} - 91 - floor(a * 300)::int
                 else ${day} - floor(p * 85)::int end,
            case when never then null else ${day} + floor(f * 80)::int - 12 end,
            case when never then ${day} - floor(a * 60)::int else ${day} - 30 - floor(a * 900)::int end
     from (
       select g, ${firstRep} + g / ${P} as owner_id, random() as t, random() as s, random() < 0.03 as never,
              random() as v, random() as p, random() as f, random() as a,
              case when g % 5 = 0
                   then (${textArray(CITIES)})[1 + g % ${CITIES.length}] || (${textArray(BRANDS)})[1 + (g / ${CITIES.length}) % ${BRANDS.length}]
                        || '科技有限公司 ' || (g + 1)
                   else 'Customer ' || lpad((g + 1)::text, 7, '0') || ' Ltd' end as name
       from generate_series(0, ${n.customers - 1}) g
     ) x;
     select setval(pg_get_serial_sequence('customers', 'id'), ${n.customers});`,
  );

  await step(
    'contacts',
    `insert into contacts (customer_id, name, title, birthday_month_day, birth_year, phone, email)
     select g + 1, 'Contact ' || (g + 1),
            (array['采购经理', 'Procurement Manager', 'CFO', '总经理', 'Plant Manager', 'IT Director'])[1 + g % 6],
            to_char(date '2000-01-01' + floor(random() * 366)::int, 'MM-DD'),
            1960 + floor(random() * 40)::int,
            '+86 138' || lpad((g % 100000000)::text, 8, '0'), 'contact' || (g + 1) || '@example.com'
     from generate_series(0, ${n.contacts - 1}) g`,
  );

  // V visits per rep over the last 18 months, at their own customers; weekend dates move to the
  // Friday before. Every SILENT_EVERY-th rep has had none in the last week.
  await step(
    'visits',
    `insert into visits (customer_id, member_id, kind, stage, summary, next_step, next_follow_up_on, visited_on, created_at)
     select customer_id, member_id,
            (array['visit', 'call', 'meeting', 'meal', 'event', 'message'])[1 + g % 6],
            (array['plan', 'relationship', 'agreement', 'maintenance'])[1 + (g / 7) % 4],
            (${textArray(SUMMARIES)})[1 + g % ${SUMMARIES.length}],
            (${textArray(NEXT_STEPS)})[1 + (g / 3) % ${NEXT_STEPS.length}],
            visited_on + 14, visited_on, (visited_on + time '10:00') at time zone 'Asia/Shanghai'
     from (
       select g, member_id, customer_id,
              d - case extract(isodow from d)::int when 6 then 1 when 7 then 2 else 0 end as visited_on
       from (
         select g, ${firstRep} + g / ${V} as member_id, 1 + (g / ${V}) * ${P} + floor(random() * ${P})::int as customer_id,
                ${day} - case when (g / ${V}) % ${SILENT_EVERY} = 7 then 8 else 1 end
                       - floor(random() * ${HISTORY_DAYS - 8})::int as d
         from generate_series(0, ${n.visits - 1}) g
       ) raw
     ) v`,
  );

  // Q requests per rep: ≤5 % auto-approved; the rest 55 % approved, 15 % rejected, 30 % pending
  // (pending ones from the last 8 days; half of the two-level ones already past their first step).
  await step(
    'discount_requests',
    `insert into discount_requests (id, customer_id, requester_id, percent, amount, reason, justification, status,
                                    current_step, created_at, decided_at)
     select g + 1, customer_id, requester_id, percent, amount,
            (array['competitor', 'budget', 'value', 'leverage', 'understanding', 'volume', 'strategic', 'other'])[1 + g % 8],
            'Competitor quoted lower on the annual contract; customer asks us to match before signing',
            status,
            case when status = 'auto_approved' then 0
                 when status = 'pending' and percent > 15 and g % 2 = 0 then 2 else 1 end,
            created_at,
            case when status = 'pending' then null
                 when status = 'auto_approved' then created_at else created_at + interval '5 hours' end
     from (
       select g, customer_id, requester_id, percent, amount,
              case when percent <= 5 then 'auto_approved' when s < 0.55 then 'approved'
                   when s < 0.70 then 'rejected' else 'pending' end as status,
              ${at} - case when percent > 5 and s >= 0.70 then random() * interval '8 days'
                                else random() * interval '150 days' end as created_at
       from (
         select g, ${firstRep} + g / ${Q} as requester_id, 1 + (g / ${Q}) * ${P} + floor(random() * ${P})::int as customer_id,
                round((1 + random() * 29)::numeric, 2) as percent, round((10000 + random() * 490000)::numeric, 2) as amount,
                random() as s
         from generate_series(0, ${n.discountRequests - 1}) g
       ) raw
     ) d;
     select setval(pg_get_serial_sequence('discount_requests', 'id'), ${n.discountRequests});`,
  );

  // Step 1: the rep's supervisor; step 2 (above 15 %): the director. A third of the first steps
  // pending for more than two days have been escalated to the director.
  await step(
    'approval_steps',
    `insert into approval_steps (request_id, step_no, approver_id, status, decided_by_id, decided_at,
                                 escalated_to_id, escalated_at, message_key, pending_since)
     select request_id, step_no, approver_id, status,
            case when status in ('approved', 'rejected') then approver_id end,
            case when status in ('approved', 'rejected') then created_at + step_no * interval '2 hours' end,
            case when escalate then director_id end,
            case when escalate then pending_since + interval '1 day' end,
            'approval:' || request_id || ':' || step_no,
            pending_since
     from (
       select d.id as request_id, s.step_no, d.created_at, dir.id as director_id,
              case s.step_no when 1 then sup.id else dir.id end as approver_id,
              case when d.status = 'approved' then 'approved'
                   when d.status = 'rejected' then case s.step_no when 1 then 'rejected' else 'cancelled' end
                   when s.step_no < d.current_step then 'approved'
                   when s.step_no = d.current_step then 'pending' else 'waiting' end as status,
              case when d.status <> 'pending' or s.step_no <= d.current_step
                   then d.created_at + (s.step_no - 1) * interval '2 hours' end as pending_since,
              d.status = 'pending' and s.step_no = 1 and d.current_step = 1 and d.id % 3 = 0
                and d.created_at < ${at} - interval '2 days' as escalate
       from discount_requests d
       join members rep on rep.id = d.requester_id
       join members sup on sup.id = rep.manager_id
       join members dir on dir.id = sup.manager_id
       cross join lateral generate_series(1, case when d.percent > 15 then 2 else 1 end) s(step_no)
       where d.status <> 'auto_approved'
     ) x`,
  );

  const started = performance.now();
  for (const index of indexes) await sql.unsafe(index.indexdef);
  steps.push({ step: `indexes (${indexes.length})`, ms: Math.round(performance.now() - started) });
  await sql.unsafe(`set session_replication_role = origin`);
  await step('vacuum analyze', 'vacuum analyze');
  return steps;
}

export type DataProfile = {
  customersDueToday: number;
  customersOverdue: number;
  dueShare: number;
  staleCustomers: number;
  silentReps: number;
  visitsPreviousWorkingDay: number;
  pendingApprovalSteps: number;
  birthdaysToAnnounce: number;
  databaseMb: number;
};

/** What the digest will find on the bench day: checks the seed is the realistic mix it means to be. */
export async function profileData(sql: postgres.Sql, shape: Shape): Promise<DataProfile> {
  const n = counts(shape);
  const day = `date '${BENCH_DAY}'`;
  const [row] = await sql.unsafe<Record<string, string>[]>(`
    select
      (select count(*) from customers where status <> 'lost' and coalesce(next_follow_up_on, assigned_on) = ${day}) as due_today,
      (select count(*) from customers where status <> 'lost' and coalesce(next_follow_up_on, assigned_on) < ${day}) as overdue,
      (select count(*) from customers where status <> 'lost' and greatest(last_progress_on, assigned_on) < ${day} - 90) as stale,
      (select count(*) from members m where m.role = 'rep'
         and not exists (select 1 from visits v where v.member_id = m.id and v.visited_on >= ${day} - 5)) as silent,
      (select count(*) from visits where visited_on = ${day} - 1) as yesterday,
      (select count(*) from approval_steps where status = 'pending') as pending,
      (select count(*) from contacts where birthday_month_day in (to_char(${day}, 'MM-DD'), to_char(${day} + 1, 'MM-DD'))) as birthdays,
      (select pg_database_size(current_database()) / 1048576) as mb`);
  const num = (key: string) => Number(row?.[key] ?? 0);
  return {
    customersDueToday: num('due_today'),
    customersOverdue: num('overdue'),
    dueShare: (num('due_today') + num('overdue')) / n.customers,
    staleCustomers: num('stale'),
    silentReps: num('silent'),
    visitsPreviousWorkingDay: num('yesterday'),
    pendingApprovalSteps: num('pending'),
    birthdaysToAnnounce: num('birthdays'),
    databaseMb: num('mb'),
  };
}
