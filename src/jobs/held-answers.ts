/**
 * Answers held behind the row they wait for (migration 0021): the answers lane's claim
 * (outbox-rows.ts) holds those it finds waiting, so its walk leaves them out until that row stops
 * being pending, when the migration's trigger lets them go.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Platform } from '../app/context.ts';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { outbox } from '../db/schema.ts';

/** The answers lane's rows (the update of a clicked message, the private answer to a click), of a table or alias. */
export const answersOf = (table: typeof outbox | string): SQL =>
  sql`(${typeof table === 'string' ? sql.raw(table) : table}.target ->> 'type') in ('update', 'response_url')`;

export const platformList = (platforms: Platform[]) =>
  sql.join(
    platforms.map((p) => sql`${p}`),
    sql`, `,
  );

/** How many answers one claim looks at to hold: a backlog is held over a few claims, each one short. */
export const HOLD_WALK = 500;

/**
 * The answers that wait behind another pending row — the one before them in their conversation,
 * else the first of the messages they link to still pending — each with that row. Both are locked,
 * skipping any another transaction holds (the other replica's claim, a send being marked): the
 * answer to be updated by the next statement without waiting, the row it waits for (share) so that
 * it stays pending until this claim commits. Two claims holding the same chain of answers at once
 * waited for each other's locks and deadlocked; now the second skips what the first has. The links
 * are found by key alone, as in the claim (with status in the condition the planner walked every
 * pending row for each answer).
 */
export const waitingAnswers = (platforms: Platform[]) => sql`
  with walked as (
    select answer.id, coalesce(
      (select max(older.id) from ${outbox} older
        where older.status = 'pending' and older.conversation = answer.conversation and older.id < answer.id),
      (select min(linked.id) filter (where linked.status = 'pending') from ${outbox} linked
        where answer.waits_for is not null and linked.key = any (answer.waits_for))
    ) as behind
    from ${outbox} answer
    where answer.status = 'pending' and answer.held_behind is null and ${answersOf('answer')}
      and answer.platform in (${platformList(platforms)})
    order by answer.id
    limit ${HOLD_WALK}
  )
  select held.id, walked.behind from walked
  join ${outbox} held on held.id = walked.id and held.status = 'pending' and held.held_behind is null
  join ${outbox} blocking on blocking.id = walked.behind and blocking.status = 'pending'
  for no key update of held skip locked
  for share of blocking skip locked`;

/**
 * Holds the answers found waiting, so that the lane's walk (outbox_pending_answers) leaves them out
 * until the row they wait for stops being pending (delivered, given up, deleted); the trigger of
 * migration 0021 then lets them go. Why: a morning's approval posts are paced, and the updates queued
 * behind them were walked, each with its conversation and links checked, by every claim (BENCHMARKS.md,
 * "Held answers"). The update is a statement of its own (a row locked and updated by one statement is
 * not always updated). A row being marked sent either finishes first, and the answer is not held, or
 * waits for this claim to commit, and its trigger then sees the hold and releases it — in READ
 * COMMITTED, where each statement of the trigger sees what committed before it; a change made in a
 * REPEATABLE READ transaction (a tool, by hand) may miss it, which releaseOrphanedHolds mends.
 */
export async function holdWaitingAnswers(tx: Db, platforms: Platform[]): Promise<void> {
  const waiting = rowsOf<{ id: number | string; behind: number | string }>(
    await tx.execute(waitingAnswers(platforms)),
  );
  if (waiting.length === 0) return;
  const held = JSON.stringify(waiting.map(({ id, behind }) => ({ id: Number(id), behind: Number(behind) })));
  await tx.execute(sql`
    update ${outbox} set held_behind = held.behind
    from jsonb_to_recordset(${held}::jsonb) as held(id bigint, behind bigint)
    where ${outbox}.id = held.id and ${outbox}.status = 'pending' and ${outbox}.held_behind is null`);
}

/** How often a worker looks for holds whose row is no longer pending (releaseOrphanedHolds). */
export const ORPHANED_HOLDS_EVERY_MS = 60_000;

/**
 * Lets go of answers held behind a row that is no longer pending, which the trigger missed (see
 * holdWaitingAnswers): read from the held rows' own index, once a minute, so no answer, and no
 * conversation behind it, is stuck for longer than that.
 */
export const releaseOrphanedHolds = sql`
  update ${outbox} held set held_behind = null
  where held.held_behind is not null and held.status = 'pending'
    and not exists (select 1 from ${outbox} blocking where blocking.id = held.held_behind and blocking.status = 'pending')`;
