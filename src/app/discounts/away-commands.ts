/**
 * Away and back (README, "Away and delegates"): from chat for oneself (`/accountdesk away …`,
 * `/accountdesk back`), and from the command line for anyone (`accountdesk members away …`).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Locale } from '../../config.ts';
import { members } from '../../db/schema.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import { catalog, listOf } from '../../messages/i18n/index.ts';
import { MENTIONED, type Message, textMessage } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import type { Actor, AppDeps } from '../context.ts';
import { type AwayInput, type AwaySet, clearAwayPeriod, setAwayPeriod } from '../members/away-period.ts';
import { asMember, findMember, type Member } from '../members/members.ts';
import { errorMessage, notMemberMessage } from '../replies.ts';
import { moveAwayApprovals } from './delegate-steps.ts';

export type WentAway = AwaySet & { moved: number };

/** Records the period; one that has begun hands the member's waiting approvals over at once. */
export async function goAway(deps: AppDeps, input: AwayInput): Promise<Result<WentAway>> {
  const set = await setAwayPeriod(deps, input);
  if (!set.ok) return set;
  const moved = set.value.started ? await moveAwayApprovals(deps, deps.clock.now(), input.member.id) : 0;
  return ok({ ...set.value, moved });
}

/** One line: who is away when, and who decides (the command line's in English, chat's in the member's language). */
export function awaySummary(lang: Locale, member: Member, went: WentAway, you: boolean): string {
  const t = catalog(lang).away;
  const names = listOf(
    lang,
    went.passed.map((m) => m.name),
  );
  const params = {
    member: member.name,
    from: went.from,
    until: went.until,
    delegate: went.delegate.name,
    via: names ? t.via({ names }) : '',
  };
  const line = you ? t.youAway(params) : t.summary(params);
  return went.moved > 0 ? sentences(line, t.moved({ count: went.moved })) : line;
}

/** `<until> [@delegate]`: the date, and the members mentioned (on the member's own platform). */
async function readAwayArgs(
  deps: AppDeps,
  member: Member,
  args: string,
): Promise<Result<{ until: string; delegate?: Member }>> {
  const ids = [...args.matchAll(MENTIONED)].map((m) => m[1]!);
  const words = args.replace(MENTIONED, ' ').split(/\s+/).filter(Boolean);
  if (words.length !== 1) return fail('away_usage');
  const rows =
    ids.length === 0
      ? []
      : await deps.db
          .select()
          .from(members)
          .where(
            and(
              eq(members.platform, member.platform),
              inArray(members.userId, ids),
              eq(members.active, true),
            ),
          );
  // In a Lark group the bot may be mentioned after the command too: only members can be delegates.
  if (rows.length > 1) return fail('away_usage');
  if (ids.length > 0 && rows.length === 0) return fail('delegate_unknown');
  const delegate = rows[0] ? asMember(rows[0], deps.defaults) : undefined;
  return ok(delegate ? { until: words[0]!, delegate } : { until: words[0]! });
}

/** `/accountdesk away <until> [@delegate]`, for oneself; answered privately. */
export async function awayCommand(deps: AppDeps, actor: Actor, args: string): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  const read = await readAwayArgs(deps, member, args);
  if (!read.ok) return errorMessage(member, read.error);
  const went = await goAway(deps, { member, ...read.value, by: member });
  if (!went.ok) return errorMessage(member, went.error);
  return textMessage(awaySummary(member.lang, member, went.value, true));
}

/** `/accountdesk back`: new requests come to the member again. */
export async function backCommand(deps: AppDeps, actor: Actor): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  const t = catalog(member.lang).away;
  return textMessage((await clearAwayPeriod(deps, member, member)) ? t.youBack : t.youNotAway);
}
