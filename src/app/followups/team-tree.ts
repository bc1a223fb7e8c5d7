import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { intArray } from '../sql-arrays.ts';

/** One member under a reader ("root"): the team digest, `/report` and the weekly report share it. */
export type TeamRow = { root: number; id: number; name: string; role: string; user_id: string };

/**
 * Everyone active under each root, down the whole reporting line (a director sees every team under
 * them: README, "Supervisors and directors"), in one recursive query. A supervisor without reports
 * counts as their own team.
 */
export async function loadTeamTree(db: Db, roots: number[]): Promise<TeamRow[]> {
  return rowsOf<TeamRow>(
    await db.execute(sql`
      with recursive team(root, id) as (
        select m.id, m.id from members m where m.id = any(${intArray(roots)})
        union
        select team.root, m.id from members m join team on m.manager_id = team.id where m.active
      )
      select team.root, m.id, m.name, m.role, m.user_id from team join members m on m.id = team.id
      where team.id <> team.root or not exists (select 1 from members x where x.manager_id = team.root)
      order by team.root, m.name, m.id`),
  ).map((row) => ({ ...row, root: Number(row.root), id: Number(row.id) }));
}
