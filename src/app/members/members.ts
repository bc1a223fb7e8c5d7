import { and, eq, sql } from 'drizzle-orm';
import type { Locale } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { members } from '../../db/schema.ts';
import type { Role } from '../../domain/vocabulary.ts';
import { catalog, toLocale } from '../../messages/i18n/index.ts';
import type { Actor, AppDeps } from '../context.ts';
import { reachOf } from './reach.ts';

export type MemberRow = typeof members.$inferSelect;

/** A member as use cases see them: with the language and time zone to speak to them in. */
export type Member = MemberRow & { role: Role; lang: Locale; zone: string };

export function asMember(row: MemberRow, defaults: AppDeps['defaults']): Member {
  return {
    ...row,
    role: row.role as Role,
    lang: toLocale(row.chosenLocale ?? row.locale ?? row.platformLocale, defaults.locale),
    zone: row.timezone ?? row.platformTimezone ?? defaults.timezone,
  };
}

export async function findMember(deps: AppDeps, actor: Actor): Promise<Member | undefined> {
  const [row] = await deps.db
    .select()
    .from(members)
    .where(
      and(eq(members.platform, actor.platform), eq(members.userId, actor.userId), eq(members.active, true)),
    );
  return row ? asMember(row, deps.defaults) : undefined;
}

export async function memberById(deps: AppDeps, id: number): Promise<Member | undefined> {
  const [row] = await deps.db.select().from(members).where(eq(members.id, id));
  return row ? asMember(row, deps.defaults) : undefined;
}

/** The active manager of a member, if the reporting line has one. */
export async function managerOf(deps: AppDeps, member: MemberRow): Promise<Member | undefined> {
  if (member.managerId === null) return undefined;
  const manager = await memberById(deps, member.managerId);
  return manager?.active ? manager : undefined;
}

/**
 * Whose customers a member may see: their own; a supervisor or director also everyone under them in
 * the reporting line; an admin everyone ('all').
 */
export async function visibleOwnerIds(db: Db, member: MemberRow): Promise<number[] | 'all'> {
  const reach = reachOf(member.role);
  if (reach === 'all') return 'all';
  if (reach === 'own') return [member.id];
  const rows = await db.execute<{ id: number }>(sql`
    with recursive team(id) as (
      select ${member.id}::int
      union
      select m.id from members m join team on m.manager_id = team.id
    )
    select id from team`);
  return rowsOf<{ id: number }>(rows).map((row) => Number(row.id));
}

export function notRegisteredText(deps: AppDeps): string {
  return catalog(deps.defaults.locale).errors.not_registered();
}

/** Active members with this chat user id: one, or one per platform when both have it. */
/** Members with this chat user id: the active ones, or with `includeLeft` also those who left. */
export async function membersByUserId(
  deps: AppDeps,
  userId: string,
  { includeLeft = false }: { includeLeft?: boolean } = {},
): Promise<Member[]> {
  const rows = await deps.db
    .select()
    .from(members)
    .where(
      includeLeft ? eq(members.userId, userId) : and(eq(members.userId, userId), eq(members.active, true)),
    )
    .orderBy(members.platform);
  return rows.map((row) => asMember(row, deps.defaults));
}
