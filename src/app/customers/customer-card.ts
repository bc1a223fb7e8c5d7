import { tokenize } from '../../domain/grammar.ts';
import type { Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember } from '../members/members.ts';
import { errorMessage } from '../replies.ts';
import { notFound } from '../visits/log-visit.ts';
import { customerCard, pickMessage, resolveCustomer, visibleCustomerById } from './find-customer.ts';

/** `/customer <name>`: the card of one visible customer, or the choices when the name is ambiguous. */
export async function customerCommand(
  deps: AppDeps,
  actor: Actor,
  text: string,
  customerId?: number,
): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return errorMessage({ lang: deps.defaults.locale }, { code: 'not_registered' });
  if (customerId !== undefined) {
    const customer = await visibleCustomerById(deps, member, customerId);
    return customer ? customerCard(deps, member, customer) : notFound(member, text, []);
  }
  const tokens = tokenize(text);
  if (tokens.length === 0) return errorMessage(member, { code: 'customer_missing' });
  const match = await resolveCustomer(deps, member, tokens, true);
  if (match.kind === 'none')
    return notFound(member, match.query, 'suggestions' in match ? match.suggestions : []);
  if (match.kind === 'ambiguous') {
    return pickMessage(member, match.query, match.candidates, (candidate) =>
      JSON.stringify({ cmd: 'customer', id: candidate.id, rest: '' }),
    );
  }
  return customerCard(deps, member, match.customer);
}
