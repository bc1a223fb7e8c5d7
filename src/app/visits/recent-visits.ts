import { and, desc, eq, gt } from 'drizzle-orm';
import { customers, visits } from '../../db/schema.ts';
import type { VisitKind } from '../../domain/vocabulary.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import { type Block, type Message, textMessage } from '../../messages/model.ts';
import type { AppDeps } from '../context.ts';
import type { Member } from '../members/members.ts';
import { CORRECTION_HOURS } from './visit-access.ts';
import { visitCorrectionButtons } from './visit-messages.ts';

const LIST_LIMIT = 10;
const SUMMARY_CHARS = 80;

/** The word that makes `/visit` list what may be corrected (README, "Subcommands"). */
export function isEditSubcommand(first: { text: string; quoted: boolean } | undefined): boolean {
  return first !== undefined && !first.quoted && /^(edit|修改)$/i.test(first.text);
}

/**
 * `/visit edit`: the member's own visits of the last 24 hours, newest first, each with Edit and Undo.
 * A supervisor corrects a report's visit from its buttons; their list stays their own, short.
 */
export async function recentVisits(deps: AppDeps, member: Member): Promise<Message> {
  const c = catalog(member.lang);
  const since = new Date(deps.clock.now().getTime() - CORRECTION_HOURS * 3_600_000);
  const rows = await deps.db
    .select({
      id: visits.id,
      kind: visits.kind,
      summary: visits.summary,
      createdAt: visits.createdAt,
      customer: customers.name,
    })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .where(and(eq(visits.memberId, member.id), gt(visits.createdAt, since)))
    .orderBy(desc(visits.createdAt), desc(visits.id))
    .limit(LIST_LIMIT);
  if (rows.length === 0) return textMessage(c.visitEdit.listNone);
  const blocks: Block[] = [{ type: 'text', text: c.visitEdit.listHeader }];
  for (const row of rows) {
    const summary =
      row.summary.length > SUMMARY_CHARS ? `${row.summary.slice(0, SUMMARY_CHARS)}…` : row.summary;
    blocks.push({
      type: 'text',
      text: c.visitEdit.listLine({
        at: formatDateTime(row.createdAt, member.zone),
        kind: c.kinds[row.kind as VisitKind] ?? row.kind,
        customer: row.customer,
        summary,
      }),
    });
    blocks.push({ type: 'actions', buttons: visitCorrectionButtons(member.lang, row.id) });
  }
  return { text: c.visitEdit.listHeader, blocks };
}
