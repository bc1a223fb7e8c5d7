import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/rows.ts';
import { digestClaims, members } from '../../db/schema.ts';
import { localDate } from '../../domain/dates.ts';
import { isAtOrAfter, isWorkingDate } from '../../domain/working-time.ts';
import { labelled } from '../../messages/labelled.ts';
import type { Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { asMember, type Member } from '../members/members.ts';
import { calendarOf, loadSettings, type TeamSettings } from '../members/team-settings.ts';
import { enqueue, type OutboxItem } from '../outbox.ts';
import { hasNews, loadRepDigests, type RepRecipient, repDigestMessage } from './rep-digest.ts';
import { digestRecipient, type TeamRecipient, teamDigestMessage } from './team-digest.ts';
import { loadTeamDigests } from './team-digest-queries.ts';

export type DigestKind = 'rep' | 'team';

export type DigestPreview = {
  member: string;
  userId: string;
  kind: DigestKind;
  localDate: string;
  text: string;
};

export type DigestRunOptions = {
  at: Date;
  dryRun?: boolean;
  batchSize?: number;
  /** Test hook: called after each committed batch (a throw here simulates a crash mid-run). */
  afterBatch?: (batch: number) => void;
};

export type DigestRunResult = {
  /** Members whose morning it is and who have not had this message today. */
  due: number;
  /** Messages this run claimed and queued (or would send, in a dry run). */
  queued: number;
  /** Claimed but nothing to say and the team skips "all clear" messages. */
  silent: number;
  /** Lost the claim to another instance running the same tick. */
  alreadyClaimed: number;
  previews: DigestPreview[];
};

type Due = { member: Member; today: string; kind: DigestKind };

/**
 * Who is due a morning message now: active members on a working day in their own zone, at or after
 * the digest time, without a claim for that local date. A service that was down at 08:30 catches up
 * later the same day; a day that has passed in the member's zone is never sent.
 */
async function dueMembers(deps: AppDeps, at: Date, settings: TeamSettings): Promise<Due[]> {
  const calendar = calendarOf(settings);
  // In id order, so instances racing one tick take their claims in the same order (no deadlocks).
  const rows = await deps.db.select().from(members).where(eq(members.active, true)).orderBy(asc(members.id));
  const managers = new Set(rows.map((row) => row.managerId).filter((id): id is number => id !== null));
  // One index probe per member, not a scan of every customer.
  const owners = new Set(
    rowsOf<{ id: number }>(
      await deps.db.execute(
        sql`select m.id from members m where m.active and exists (select 1 from customers c where c.owner_id = m.id)`,
      ),
    ).map((row) => Number(row.id)),
  );
  const due: Due[] = [];
  for (const row of rows) {
    const member = asMember(row, deps.defaults);
    const today = localDate(at, member.zone);
    if (!isWorkingDate(today, calendar) || !isAtOrAfter(at, member.zone, deps.defaults.digestTime)) continue;
    if (member.role === 'rep' || owners.has(member.id)) due.push({ member, today, kind: 'rep' });
    if (managers.has(member.id)) due.push({ member, today, kind: 'team' });
  }
  if (due.length === 0) return due;
  const claimed = await deps.db
    .select({ memberId: digestClaims.memberId, kind: digestClaims.kind, localDate: digestClaims.localDate })
    .from(digestClaims)
    .where(
      and(
        inArray(digestClaims.localDate, [...new Set(due.map((d) => d.today))]),
        inArray(
          digestClaims.memberId,
          due.map((d) => d.member.id),
        ),
      ),
    );
  const taken = new Set(claimed.map((c) => `${c.memberId}:${c.kind}:${c.localDate}`));
  return due.filter((d) => !taken.has(`${d.member.id}:${d.kind}:${d.today}`));
}

const digestKey = (d: Due) => `digest:${d.kind}:${d.member.id}:${d.today}`;

async function compose(
  deps: AppDeps,
  batch: Due[],
  settings: TeamSettings,
  at: Date,
): Promise<Map<string, Message | null>> {
  const calendar = calendarOf(settings);
  const messages = new Map<string, Message | null>();
  const repRecipients: RepRecipient[] = batch
    .filter((d) => d.kind === 'rep')
    .map((d) => ({ member: d.member, today: d.today }));
  const teamRecipients: TeamRecipient[] = batch
    .filter((d) => d.kind === 'team')
    .map((d) => digestRecipient(d.member, d.today, calendar));
  const reps = await loadRepDigests(deps.db, repRecipients, calendar);
  const teams = await loadTeamDigests(deps.db, teamRecipients, settings, calendar);
  for (const d of batch) {
    if (d.kind === 'rep') {
      const digest = reps.get(d.member.id)!;
      const quiet = !hasNews(digest) && settings.allClear === 'skip';
      messages.set(digestKey(d), quiet ? null : repDigestMessage(d.member, digest, at));
    } else {
      messages.set(
        digestKey(d),
        teamDigestMessage(d.member, teams.get(d.member.id)!, settings, at, digestKey(d)),
      );
    }
  }
  return messages;
}

/**
 * One digest pass (every scheduler tick, or `accountdesk digest run`). Members are composed in
 * batches; each batch's claims and outbox rows commit together, so a crash mid-run leaves the rest
 * for the next tick and two instances racing one tick send each message once.
 */
export async function runDigests(deps: AppDeps, options: DigestRunOptions): Promise<DigestRunResult> {
  const settings = await loadSettings(deps.db);
  const due = await dueMembers(deps, options.at, settings);
  const result: DigestRunResult = { due: due.length, queued: 0, silent: 0, alreadyClaimed: 0, previews: [] };
  const size = options.batchSize ?? 250;
  for (let start = 0, batchNo = 0; start < due.length; start += size, batchNo++) {
    const batch = due.slice(start, start + size);
    const messages = await compose(deps, batch, settings, options.at);
    if (options.dryRun) {
      for (const d of batch) {
        const message = messages.get(digestKey(d));
        if (!message) continue;
        result.previews.push({
          member: d.member.name,
          userId: d.member.userId,
          kind: d.kind,
          localDate: d.today,
          text: previewText(message),
        });
        result.queued++;
      }
      continue;
    }
    await deps.db.transaction(async (tx) => {
      const won = await tx
        .insert(digestClaims)
        .values(
          batch.map((d) => ({
            memberId: d.member.id,
            localDate: d.today,
            kind: d.kind,
            claimedAt: options.at,
          })),
        )
        .onConflictDoNothing()
        .returning({
          memberId: digestClaims.memberId,
          kind: digestClaims.kind,
          localDate: digestClaims.localDate,
        });
      const ours = new Set(won.map((w) => `${w.memberId}:${w.kind}:${w.localDate}`));
      const items: OutboxItem[] = [];
      for (const d of batch) {
        if (!ours.has(`${d.member.id}:${d.kind}:${d.today}`)) {
          result.alreadyClaimed++;
          continue;
        }
        const message = messages.get(digestKey(d));
        if (!message) {
          result.silent++;
          continue;
        }
        items.push({
          key: digestKey(d),
          platform: d.member.platform as Actor['platform'],
          target: { type: 'dm', userId: d.member.userId },
          message,
        });
      }
      await enqueue(tx, items);
      result.queued += items.length;
    });
    deps.outboxQueued();
    options.afterBatch?.(batchNo);
  }
  return result;
}

/** Plain lines of a message, for `digest run --dry-run`. */
export function previewText(message: Message): string {
  return message.blocks
    .map((block) => {
      switch (block.type) {
        case 'header':
        case 'text':
        case 'context':
        case 'userPicker':
          return block.text;
        case 'fields':
          return block.fields.map((f) => labelled(f.label, f.value)).join('\n');
        case 'actions':
          return `[${block.buttons.map((b) => b.label).join('] [')}]`;
        default:
          return '';
      }
    })
    .filter(Boolean)
    .join('\n');
}
