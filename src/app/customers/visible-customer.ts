import type { Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember, type Member } from '../members/members.ts';
import { errorMessage, notMemberMessage } from '../replies.ts';
import { type Customer, visibleCustomerById } from './find-customer.ts';

export type LocatedCustomer =
  | { ok: true; member: Member; customer: Customer }
  | { ok: false; message: Message };

/** The answer when a button or form names a customer the member cannot see (or that is gone). */
export function customerIdNotFound(member: Member, customerId: number): Message {
  return errorMessage(member, { code: 'customer_not_found', params: { query: String(customerId) } });
}

/**
 * The member behind `actor` and the customer a button or form names by id, if the member may see it
 * (their own, or their team's for a supervisor). Every action on a customer by id starts here, so
 * nobody acts on an account outside their view by editing a button's value.
 */
export async function locateCustomer(
  deps: AppDeps,
  actor: Actor,
  customerId: number,
): Promise<LocatedCustomer> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, message: await notMemberMessage(deps, actor) };
  const customer = await visibleCustomerById(deps, member, customerId);
  if (!customer) return { ok: false, message: customerIdNotFound(member, customerId) };
  return { ok: true, member, customer };
}
