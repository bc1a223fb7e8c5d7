/**
 * The team digest's count of hand-over call-backs (README, "A rep leaves"): customers handed over
 * from a rep who left, called back (a visit logged) or not yet, per new owner — shown until all
 * are done, so the supervisor sees 离司业务员客户100%回访 through.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { addDays, type IsoDate } from '../../domain/dates.ts';
import { dateArray, intArray } from '../sql-arrays.ts';
import type { TeamDigest } from './team-digest.ts';

/** Hand-overs older than this no longer count: the digest is about the one in progress. */
const WINDOW_DAYS = 60;

export async function addHandOverCallbacks(
  db: Db,
  digests: Map<number, TeamDigest>,
  owners: { root: number; id: number; name: string }[],
  todayOf: (root: number) => IsoDate,
): Promise<void> {
  const since = owners.map((row) => addDays(todayOf(row.root), -WINDOW_DAYS));
  const rows = rowsOf<{ root: number; owner_id: number; total: number; done: number }>(
    await db.execute(sql`
      select o.root, c.owner_id, count(*) as total, count(c.callback_done_on) as done
      from unnest(${intArray(owners.map((row) => row.root))}, ${intArray(owners.map((row) => row.id))}, ${dateArray(since)})
           as o(root, owner_id, since)
      join customers c on c.owner_id = o.owner_id and c.callback_due_on >= o.since
      group by o.root, c.owner_id
      order by o.root, c.owner_id`),
  );
  const names = new Map(owners.map((row) => [row.id, row.name]));
  for (const row of rows) {
    const digest = digests.get(Number(row.root));
    if (!digest) continue;
    digest.callbacks.push({
      owner: names.get(Number(row.owner_id)) ?? '?',
      done: Number(row.done),
      total: Number(row.total),
    });
  }
}
