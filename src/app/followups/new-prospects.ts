/**
 * The team digest's "New prospects" (docs/domain.md, "Prospects from chat"): customers the
 * supervisor's people added from chat (`/customer add`, audited as `customer.created`) since the
 * previous digest — the previous working day onwards — or within a `/report`'s period.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { addDays, startOfLocalDay } from '../../domain/dates.ts';
import { intArray, timestamptzArray } from '../sql-arrays.ts';
import type { TeamDigest, TeamRecipient } from './team-digest.ts';

/** Names listed; the rest are counted. */
const SHOWN = 10;

export async function addNewProspects(
  db: Db,
  digests: Map<number, TeamDigest>,
  owners: { root: number; id: number }[],
  recipientOf: (root: number) => TeamRecipient,
): Promise<void> {
  if (owners.length === 0) return;
  const windows = owners.map((row) => {
    const recipient = recipientOf(row.root);
    const { zone } = recipient.member;
    // The digest covers what happened since the last one: the previous working day up to this morning.
    const end = recipient.kind === 'digest' ? recipient.today : addDays(recipient.to, 1);
    return { from: startOfLocalDay(recipient.from, zone), to: startOfLocalDay(end, zone) };
  });
  // Customers by owner (indexed), then only those a member created: not imported, not handed over.
  const rows = rowsOf<{ root: number; name: string; owner: string; total: number }>(
    await db.execute(sql`
      select root, name, owner, total from (
        select o.root, c.name, m.name as owner,
               row_number() over (partition by o.root order by c.created_at, c.id) as rank,
               count(*) over (partition by o.root) as total
        from unnest(${intArray(owners.map((row) => row.root))}, ${intArray(owners.map((row) => row.id))},
                    ${timestamptzArray(windows.map((w) => w.from))}, ${timestamptzArray(windows.map((w) => w.to))})
             as o(root, owner_id, from_at, to_at)
        join customers c on c.owner_id = o.owner_id and c.created_at >= o.from_at and c.created_at < o.to_at
        join members m on m.id = c.owner_id
        where exists (select 1 from audit_log a
                      where a.entity = 'customer' and a.entity_id = c.id and a.action = 'customer.created')
      ) created
      where rank <= ${SHOWN}
      order by root, rank`),
  );
  for (const row of rows) {
    const digest = digests.get(Number(row.root));
    if (!digest) continue;
    digest.newProspects.total = Number(row.total);
    digest.newProspects.lines.push({ customer: row.name, owner: row.owner });
  }
}
