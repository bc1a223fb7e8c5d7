import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, members } from '../../db/schema.ts';
import { type ExportPeriod, type ExportWriter, isoTime, withinPeriod, writePages } from './export-pages.ts';

/** Each column is explained in the README's CSV section: keep the two in step. */
export const AUDIT_COLUMNS = [
  'id',
  'at',
  'actor',
  'actor_user_id',
  'action',
  'entity',
  'entity_id',
  'before',
  'after',
] as const;

/** Compact JSON, one cell; an empty cell when nothing was recorded (not the text `null`). */
const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/**
 * The audit log for the period in the order it was written, each actor by name; the actor is
 * empty for what no member did (imports, escalations by the scheduler).
 */
export async function exportAudit(db: Db, writer: ExportWriter, period?: ExportPeriod): Promise<number> {
  return writePages(
    writer,
    AUDIT_COLUMNS,
    (offset, limit) =>
      db
        .select({ entry: auditLog, actor: members.name, actorUserId: members.userId })
        .from(auditLog)
        .leftJoin(members, eq(members.id, auditLog.actorId))
        .where(withinPeriod(auditLog.at, period))
        .orderBy(asc(auditLog.id))
        .limit(limit)
        .offset(offset),
    ({ entry: e, actor, actorUserId }) => [
      e.id,
      isoTime(e.at),
      actor,
      actorUserId,
      e.action,
      e.entity,
      e.entityId,
      json(e.before),
      json(e.after),
    ],
  );
}
