import { tokenize } from '../../domain/grammar.ts';
import type { Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember } from '../members/members.ts';
import { notRegisteredMessage } from '../replies.ts';
import { customerForCommand } from './command-customer.ts';
import { customerCard } from './find-customer.ts';

/** `/customer <name>`: the card of one visible customer, or the choices when the name is ambiguous. */
export async function customerCommand(
  deps: AppDeps,
  actor: Actor,
  text: string,
  customerId?: number,
): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return notRegisteredMessage(deps);
  const found = await customerForCommand(deps, member, {
    cmd: 'customer',
    customerId,
    tokens: tokenize(text),
    wholeQuery: true,
    restAfter: () => '',
  });
  if (!found.ok) return found.message;
  return customerCard(deps, member, found.customer);
}
