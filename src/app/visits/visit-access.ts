import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { visits } from '../../db/schema.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import type { AppDeps } from '../context.ts';
import { type Member, visibleOwnerIds } from '../members/members.ts';

/** How long after logging a visit may be edited or undone (README, "Correcting a visit"). */
export const CORRECTION_HOURS = 24;

export type VisitRow = typeof visits.$inferSelect;

export type CorrectableVisit = { ok: true; visit: VisitRow } | { ok: false; message: Message };

/**
 * The visit a button or form names, if `member` may still correct it: it exists (not undone), it is
 * theirs — or, for a supervisor or director, of someone under them; an admin's any — and it was
 * logged less than 24 hours ago by the service clock. With `lock` the row is held for the rest of
 * the transaction, so of two clicks at once one changes it and the other sees what it did.
 */
export async function correctableVisit(
  deps: AppDeps,
  db: Db,
  member: Member,
  visitId: number,
  lock = false,
): Promise<CorrectableVisit> {
  const t = catalog(member.lang).visitEdit;
  const query = db.select().from(visits).where(eq(visits.id, visitId));
  const [visit] = lock ? await query.for('update') : await query;
  if (!visit) return { ok: false, message: textMessage(t.alreadyUndone) };
  const owners = await visibleOwnerIds(db, member);
  if (owners !== 'all' && !owners.includes(visit.memberId))
    return { ok: false, message: textMessage(t.notYours) };
  if (!withinCorrectionWindow(visit, deps.clock.now())) {
    const at = formatDateTime(visit.createdAt, member.zone);
    return { ok: false, message: textMessage(t.expired({ hours: CORRECTION_HOURS, at })) };
  }
  return { ok: true, visit };
}

export function withinCorrectionWindow(visit: Pick<VisitRow, 'createdAt'>, now: Date): boolean {
  return now.getTime() - visit.createdAt.getTime() < CORRECTION_HOURS * 3_600_000;
}

/** A button's or form's visit id: digits only, so a forged value names no visit at all. */
export function visitIdOf(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}
