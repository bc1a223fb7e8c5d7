import type { Actor, AppDeps } from '../context.ts';
import { findMember } from '../members/members.ts';
import { searchCustomers } from './find-customer.ts';

/** Slack shows at most 100 options in an external select. */
const MAX_OPTIONS = 100;

export async function customerOptions(
  deps: AppDeps,
  actor: Actor,
  query: string,
): Promise<{ id: number; name: string }[]> {
  const member = await findMember(deps, actor);
  if (!member) return [];
  return searchCustomers(deps, member, query, MAX_OPTIONS);
}
