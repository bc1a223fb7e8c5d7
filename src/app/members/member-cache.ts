/**
 * The member behind a chat user, kept in this process between their commands (docs/architecture.md,
 * "One round trip"). A copy may be stale — another replica, an import or the CLI changed the row —
 * so whoever uses it sends its `version` with the statement that writes, and the statement refuses
 * a version that is no longer the row's (a trigger bumps it on every change). No LISTEN/NOTIFY:
 * that does not pass PgBouncer in transaction mode; the version check does.
 */
import type { Db } from '../../db/client.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember, type Member } from './members.ts';

/** Enough for every member of a large team; past it the map starts again (a lookup refills it). */
const MAX_MEMBERS = 20_000;
const cache = new WeakMap<Db, Map<string, Member>>();

const keyOf = (actor: Pick<Actor, 'platform' | 'userId'>) => `${actor.platform}:${actor.userId}`;

function membersOf(db: Db): Map<string, Member> {
  let members = cache.get(db);
  if (!members) {
    members = new Map();
    cache.set(db, members);
  }
  return members;
}

/** The member as last read by this process, or undefined: a copy to be checked by its `version`. */
export function rememberedMember(deps: AppDeps, actor: Actor): Member | undefined {
  return cache.get(deps.db)?.get(keyOf(actor));
}

/** Reads the member (one statement) and remembers them; a chat user who is no member is not kept. */
export async function freshMember(deps: AppDeps, actor: Actor): Promise<Member | undefined> {
  const member = await findMember(deps, actor);
  const members = membersOf(deps.db);
  if (!member) {
    members.delete(keyOf(actor));
    return undefined;
  }
  if (members.size >= MAX_MEMBERS) members.clear();
  members.set(keyOf(actor), member);
  return member;
}

/** The statement said the copy is stale: the next command reads the member again. */
export function forgetMember(deps: AppDeps, actor: Actor): void {
  cache.get(deps.db)?.delete(keyOf(actor));
}
