import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';

export type RetentionPolicy = {
  /** Sent and failed outbox rows older than this go (README, "Retention"). */
  outboxDays: number;
  /** Replay keys of inbound deliveries older than this go: Slack and Lark stop retrying within hours. */
  inboundDays: number;
};

export type PruneResult = { outbox: number; inbound: number };

/** Deleted in slices, so a month of rows never holds a long lock against the outbox worker. */
const SLICE = 5000;

/**
 * Deletes what nobody will read again: delivered or given-up outbox rows past their age, and old
 * inbound replay keys. Kept whatever their age: a message a pending row still updates or threads
 * under, and the approval messages (with their escalation copies — a step moved to a delegate has
 * the one from before the move and its own) of requests still open or decided within the outbox
 * age — later updates and thread replies find the posted message through them.
 */
export async function pruneOldRecords(db: Db, policy: RetentionPolicy): Promise<PruneResult> {
  let outbox = 0;
  for (;;) {
    const deleted = rowsOf<{ id: number }>(
      await db.execute(sql`
        delete from outbox where id in (
          select o.id from outbox o
          where o.status in ('sent', 'failed')
            and coalesce(o.sent_at, o.created_at) < now() - make_interval(days => ${policy.outboxDays})
            and not exists (
              select 1 from outbox p
              where p.status = 'pending' and p.target->>'parentKey' = o.key)
            and not exists (
              select 1 from approval_steps s join discount_requests r on r.id = s.request_id
              where o.key in (
                  coalesce(s.message_key, 'approval:' || s.request_id || ':' || s.step_no),
                  coalesce(s.message_key, 'approval:' || s.request_id || ':' || s.step_no) || ':escalated',
                  'approval:' || s.request_id || ':' || s.step_no || ':escalated',
                  'discount:' || s.request_id || ':waiting:1')
                and (r.status = 'pending' or r.decided_at is null
                  or r.decided_at >= now() - make_interval(days => ${policy.outboxDays})))
          limit ${SLICE})
        returning id`),
    ).length;
    outbox += deleted;
    if (deleted < SLICE) break;
  }
  const inbound = rowsOf<{ key: string }>(
    await db.execute(sql`
      delete from inbound_events
      where received_at < now() - make_interval(days => ${policy.inboundDays})
      returning key`),
  ).length;
  return { outbox, inbound };
}
