import { type Token, verbatim } from '../../domain/grammar.ts';
import type { Message } from '../../messages/model.ts';
import type { AppDeps } from '../context.ts';
import type { Member } from '../members/members.ts';
import { errorMessage } from '../replies.ts';
import { type Customer, pickMessage, resolveCustomer, visibleCustomerById } from './find-customer.ts';
import { customerIdNotFound } from './visible-customer.ts';

/** The commands a "pick the customer" button can finish (see commands/resume.ts). */
export type ResumableCommand = 'visit' | 'discount' | 'customer';

export type CommandCustomerRequest = {
  cmd: ResumableCommand;
  /** Set when the member picked the customer from buttons: the customer is known by id. */
  customerId: number | undefined;
  /** The words that name the customer (for `/visit`, the whole text: the name is its longest match). */
  tokens: Token[];
  /** The whole text names the customer (`/customer`, or `/discount` whose name ends before the percent). */
  wholeQuery: boolean;
  /** What a pick button carries to finish the command, given how many tokens the name used. */
  restAfter: (consumedTokens: number) => string;
};

export type CommandCustomer =
  | { ok: true; customer: Customer; rest: Token[] }
  /** `missed`: the name that matched nothing, where the member may want to add it (`/customer`). */
  | { ok: false; message: Message; missed?: string };

export function notFound(member: Member, query: string, suggestions: string[]): Message {
  return errorMessage(member, {
    code: 'customer_not_found',
    params: suggestions.length ? { query, suggestions } : { query },
  });
}

/** The tokens as typed, so a picked command re-parses exactly as typed. */
export function joinTokens(tokens: Token[]): string {
  return verbatim(tokens);
}

/**
 * The customer a command is about, among those the member may see: by id after a pick, else by
 * name. A miss answers with the closest names; several matches answer with buttons that finish the
 * same command for the one picked.
 */
export async function customerForCommand(
  deps: AppDeps,
  member: Member,
  request: CommandCustomerRequest,
): Promise<CommandCustomer> {
  if (request.customerId !== undefined) {
    const customer = await visibleCustomerById(deps, member, request.customerId);
    if (!customer) return { ok: false, message: customerIdNotFound(member, request.customerId) };
    return { ok: true, customer, rest: request.tokens };
  }
  if (request.tokens.length === 0)
    return { ok: false, message: errorMessage(member, { code: 'customer_missing' }) };
  const match = await resolveCustomer(deps, member, request.tokens, request.wholeQuery);
  if (match.kind === 'none') {
    const suggestions = 'suggestions' in match ? match.suggestions : [];
    const message = notFound(
      member,
      match.query,
      suggestions.map((s) => s.name),
    );
    if (suggestions.length === 0) return { ok: false, message, missed: match.query };
    // Each suggestion is a button that finishes the same command for that customer: the name typed
    // is taken to be as many words as the suggested name has (the whole name for /discount).
    const words = (name: string) => name.trim().split(/\s+/).length;
    const consumed = (name: string) =>
      request.wholeQuery ? request.tokens.length : Math.min(words(name), request.tokens.length);
    const buttons = suggestions.map((s) => ({
      actionId: 'customer.pick' as const,
      label: s.name,
      value: JSON.stringify({ cmd: request.cmd, id: s.id, rest: request.restAfter(consumed(s.name)) }),
    }));
    return {
      ok: false,
      message: { ...message, blocks: [...message.blocks, { type: 'actions', buttons }] },
      missed: match.query,
    };
  }
  if (match.kind === 'ambiguous') {
    const rest = request.restAfter(match.consumed);
    const message = pickMessage(member, match.query, match.candidates, (candidate) =>
      JSON.stringify({ cmd: request.cmd, id: candidate.id, rest }),
    );
    return { ok: false, message };
  }
  return { ok: true, customer: match.customer, rest: match.rest };
}
