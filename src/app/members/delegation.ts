/**
 * Who decides for a member who is away (README, "Away and delegates"): the delegate they named,
 * else their own manager; a delegate who is away too passes approvals on the same way.
 */
import { isAwayOn } from '../../domain/away.ts';
import { localDate } from '../../domain/dates.ts';
import type { AppDeps } from '../context.ts';
import { type Member, memberById } from './members.ts';

/** Active members by id, each read once per walk (a chain reads the same people again and again). */
export type Lookup = (id: number | null) => Promise<Member | undefined>;

export function memberLookup(deps: AppDeps): Lookup {
  const cache = new Map<number, Promise<Member | undefined>>();
  return (id) => {
    if (id === null) return Promise.resolve(undefined);
    let found = cache.get(id);
    if (!found) {
      found = memberById(deps, id).then((member) => (member?.active ? member : undefined));
      cache.set(id, found);
    }
    return found;
  };
}

/** Away on the local day `at` falls on in their own zone. */
export const awayAt = (at: Date) => (member: Member) => isAwayOn(member, localDate(at, member.zone));

/** A reporting line with a cycle in it (bad data) must still end. */
const MAX_HOPS = 50;

export type ChainEnd =
  | { kind: 'found'; delegate: Member; passed: Member[] }
  | { kind: 'loop'; chain: Member[] }
  | { kind: 'none'; chain: Member[] };

/**
 * The chain as the member sets it, strictly: the named delegate (else the manager), and past
 * everyone away: their named delegate, else their manager. Coming back to someone already in the
 * chain is a loop; running out of people is none. Setting an away period refuses both.
 */
export async function followChain(
  lookup: Lookup,
  away: Member,
  first: Member | undefined,
  isAway: (member: Member) => boolean,
): Promise<ChainEnd> {
  const chain: Member[] = [away];
  let candidate = first;
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    if (!candidate) return { kind: 'none', chain };
    const current: Member = candidate;
    if (chain.some((member) => member.id === current.id)) return { kind: 'loop', chain: [...chain, current] };
    chain.push(current);
    if (!isAway(current)) return { kind: 'found', delegate: current, passed: chain.slice(1, -1) };
    candidate = await lookup(current.delegateId ?? current.managerId);
  }
  return { kind: 'loop', chain };
}

/**
 * Who decides now in place of `away`, who is away: the first of their named delegate and then
 * their managers up the reporting line who is in and not `excluded` (the rep who asked, or whoever
 * holds another step of the same request); a candidate away too is replaced by their own delegate
 * the same way. Nobody left: undefined. Loops end because nobody is considered twice.
 */
export async function delegateFor(
  lookup: Lookup,
  away: Member,
  isAway: (member: Member) => boolean,
  excluded: ReadonlySet<number>,
): Promise<Member | undefined> {
  const seen = new Set<number>();
  let budget = MAX_HOPS;
  async function consider(candidate: Member): Promise<Member | undefined> {
    if (seen.has(candidate.id) || budget-- <= 0) return undefined;
    if (isAway(candidate)) return resolve(candidate);
    return excluded.has(candidate.id) ? undefined : candidate;
  }
  async function resolve(member: Member): Promise<Member | undefined> {
    seen.add(member.id);
    const named = await lookup(member.delegateId);
    const found = named ? await consider(named) : undefined;
    if (found) return found;
    for (let up = await lookup(member.managerId); up && budget > 0; up = await lookup(up.managerId)) {
      const above = await consider(up);
      if (above) return above;
    }
    return undefined;
  }
  return resolve(away);
}
