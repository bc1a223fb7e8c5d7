import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { addDays, startOfLocalDay } from '../../domain/dates.ts';
import { previousWorkingDate, type WorkingCalendar } from '../../domain/working-time.ts';
import type { TeamSettings } from '../members/team-settings.ts';
import { dateArray, intArray } from '../sql-arrays.ts';
import { loadDiscountFigures, NO_DISCOUNTS } from './discount-figures.ts';
import { addHandOverCallbacks } from './handover-callbacks.ts';
import { addNewProspects } from './new-prospects.ts';
import type { TeamDigest, TeamRecipient } from './team-digest.ts';
import { loadTeamTree, type TeamRow } from './team-tree.ts';

/** Stale accounts listed with a reassign picker; the rest are counted. */
const STALE_SHOWN = 5;

/** What every section query shares: the digests being filled, keyed by their supervisor ("root"). */
type Scope = {
  db: Db;
  digests: Map<number, TeamDigest>;
  byRoot: Map<number, TeamRecipient>;
  /** Everyone under each root (a supervisor without reports counts as their own team). */
  team: TeamRow[];
  names: Map<number, string>;
};

function emptyDigest(recipient: TeamRecipient): TeamDigest {
  return {
    recipient,
    visits: [],
    silent: [],
    waiting: [],
    stale: { total: 0, lines: [] },
    teamReps: [],
    callbacks: [],
    discounts: { ...NO_DISCOUNTS },
    newProspects: { total: 0, lines: [] },
  };
}

/**
 * The team view of many supervisors in six queries, independent of how many customers and visits
 * their teams have: team tree, visits in the window, last visit per rep, approvals waiting, stale
 * accounts (top lines and totals), discount figures.
 */
export async function loadTeamDigests(
  db: Db,
  recipients: TeamRecipient[],
  settings: TeamSettings,
  calendar: WorkingCalendar,
): Promise<Map<number, TeamDigest>> {
  const digests = new Map(recipients.map((r) => [r.member.id, emptyDigest(r)]));
  if (recipients.length === 0) return digests;
  const byRoot = new Map(recipients.map((r) => [r.member.id, r]));
  const team = await loadTeams(db, digests, [...byRoot.keys()]);
  if (team.length === 0) return digests;
  const scope: Scope = { db, digests, byRoot, team, names: new Map(team.map((row) => [row.id, row.name])) };
  await addVisits(scope, recipients);
  await addSilentReps(scope, settings, calendar);
  await addWaitingApprovals(scope);
  const owners = team.filter((row) => row.id !== row.root);
  if (owners.length > 0) {
    await addStaleAccounts(scope, owners, settings);
    await addDiscountFigures(scope, owners);
    await addNewProspects(db, digests, owners, (root) => byRoot.get(root)!);
  }
  // The supervisor's own book counts too: a leaver's customers go to their manager by default.
  const roots = [...byRoot.values()].map((r) => ({
    root: r.member.id,
    id: r.member.id,
    name: r.member.name,
  }));
  await addHandOverCallbacks(db, digests, [...owners, ...roots], (root) => byRoot.get(root)!.today);
  return digests;
}

async function loadTeams(db: Db, digests: Map<number, TeamDigest>, roots: number[]): Promise<TeamRow[]> {
  const team = await loadTeamTree(db, roots);
  for (const row of team) {
    const digest = digests.get(row.root)!;
    // Only reps take accounts over; a list a picker can show (Slack's static select holds 100).
    if (row.id !== row.root && row.role === 'rep' && digest.teamReps.length < 99)
      digest.teamReps.push({ id: row.id, userId: row.user_id, name: row.name });
  }
  return team;
}

async function addVisits({ db, digests, byRoot, team, names }: Scope, recipients: TeamRecipient[]) {
  const rootsOf = new Map<number, number[]>();
  for (const row of team) rootsOf.set(row.id, [...(rootsOf.get(row.id) ?? []), row.root]);
  const memberIds = [...new Set(team.map((row) => row.id))];
  // ISO dates sort as text.
  const minFrom = recipients.map((r) => r.from).sort()[0]!;
  const maxTo = recipients
    .map((r) => r.to)
    .sort()
    .at(-1)!;
  const visitRows = rowsOf<{ member_id: number; visited_on: string; customer: string }>(
    await db.execute(sql`
      select v.member_id, v.visited_on::text as visited_on, c.name as customer
      from visits v join customers c on c.id = v.customer_id
      where v.member_id = any(${intArray(memberIds)}) and v.visited_on between ${minFrom}::date and ${maxTo}::date
      order by v.member_id, v.visited_on, v.id`),
  );
  const visitsByRoot = new Map<number, Map<number, string[]>>();
  for (const row of visitRows) {
    for (const root of rootsOf.get(Number(row.member_id)) ?? []) {
      const window = byRoot.get(root)!;
      if (row.visited_on < window.from || row.visited_on > window.to) continue;
      const perRep = visitsByRoot.get(root) ?? new Map<number, string[]>();
      perRep.set(Number(row.member_id), [...(perRep.get(Number(row.member_id)) ?? []), row.customer]);
      visitsByRoot.set(root, perRep);
    }
  }
  for (const [root, perRep] of visitsByRoot) {
    digests.get(root)!.visits = [...perRep].map(([id, customers]) => ({
      rep: names.get(id) ?? '?',
      count: customers.length,
      customers: [...new Set(customers)],
    }));
  }
}

async function addSilentReps(
  { db, digests, byRoot, team }: Scope,
  settings: TeamSettings,
  calendar: WorkingCalendar,
) {
  const reps = team.filter((row) => row.role === 'rep' && row.id !== row.root);
  const repIds = [...new Set(reps.map((row) => row.id))];
  if (repIds.length === 0) return;
  // One index probe per rep (latest visit), not a scan of their history.
  const lastRows = rowsOf<{ id: number; last: string | null }>(
    await db.execute(sql`
      select r.id, (select max(v.visited_on) from visits v where v.member_id = r.id)::text as last
      from unnest(${intArray(repIds)}) as r(id)`),
  );
  const last = new Map(lastRows.map((row) => [Number(row.id), row.last]));
  for (const rep of reps) {
    const recipient = byRoot.get(rep.root)!;
    let threshold = recipient.today;
    for (let i = 0; i < settings.silentAfterWorkingDays; i++)
      threshold = previousWorkingDate(threshold, calendar);
    const lastVisit = last.get(rep.id) ?? null;
    if (lastVisit === null || lastVisit < threshold)
      digests.get(rep.root)!.silent.push({ rep: rep.name, last: lastVisit });
  }
}

async function addWaitingApprovals({ db, digests }: Scope) {
  const roots = [...digests.keys()];
  const waitingRows = rowsOf<{
    root: number;
    id: number;
    customer: string;
    percent: string;
    rep: string;
    since: string | Date;
  }>(
    await db.execute(sql`
      -- An escalated step waits on two people: the approver and the manager it was escalated to.
      select r.root, d.id, c.name as customer, d.percent, m.name as rep, s.pending_since as since
      from approval_steps s
      cross join lateral (values (s.approver_id), (s.escalated_to_id)) as r(root)
      join discount_requests d on d.id = s.request_id
      join customers c on c.id = d.customer_id
      join members m on m.id = d.requester_id
      where s.status = 'pending' and r.root = any(${intArray(roots)})
      order by s.pending_since`),
  );
  for (const row of waitingRows) {
    digests.get(Number(row.root))?.waiting.push({
      id: Number(row.id),
      customer: row.customer,
      percent: Number(row.percent),
      rep: row.rep,
      since: new Date(row.since),
    });
  }
}

async function addStaleAccounts(
  { db, digests, byRoot, names }: Scope,
  owners: TeamRow[],
  settings: TeamSettings,
) {
  const cutoffs = owners.map((row) => addDays(byRoot.get(row.root)!.today, -settings.staleAfterDays));
  const staleRows = rowsOf<{
    root: number;
    id: number;
    name: string;
    tier: string;
    owner_id: number;
    since: string;
    total: number;
  }>(
    await db.execute(sql`
      select * from (
        select o.root, c.id, c.name, c.tier, c.owner_id, greatest(c.last_progress_on, c.assigned_on)::text as since,
               row_number() over (partition by o.root order by greatest(c.last_progress_on, c.assigned_on), c.id) as rank,
               count(*) over (partition by o.root) as total
        from unnest(${intArray(owners.map((row) => row.root))}, ${intArray(owners.map((row) => row.id))}, ${dateArray(cutoffs)})
             as o(root, owner_id, cutoff)
        join customers c on c.owner_id = o.owner_id and c.status <> 'lost'
         and greatest(c.last_progress_on, c.assigned_on) < o.cutoff
      ) stale
      where rank <= ${STALE_SHOWN}
      order by root, rank`),
  );
  for (const row of staleRows) {
    const digest = digests.get(Number(row.root))!;
    digest.stale.total = Number(row.total);
    digest.stale.lines.push({
      customerId: Number(row.id),
      customer: row.name,
      tier: row.tier,
      owner: names.get(Number(row.owner_id)) ?? '?',
      ownerId: Number(row.owner_id),
      since: row.since,
    });
  }
}

async function addDiscountFigures({ db, digests, byRoot }: Scope, owners: TeamRow[]) {
  const periods = owners.map((row) => {
    const recipient = byRoot.get(row.root)!;
    return {
      key: row.root,
      requesterId: row.id,
      from: startOfLocalDay(recipient.discountFrom, recipient.member.zone),
      // Month to date in the morning digest runs to today; a report to the end of its period.
      to: startOfLocalDay(
        addDays(recipient.kind === 'digest' ? recipient.today : recipient.to, 1),
        recipient.member.zone,
      ),
    };
  });
  for (const [root, figures] of await loadDiscountFigures(db, periods))
    digests.get(root)!.discounts = figures;
}
