import { and, asc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customers } from '../../db/schema.ts';
import { closestNames, type MatchResult, matchCustomer, normalizeName } from '../../domain/customer-match.ts';
import type { Token } from '../../domain/grammar.ts';
import type { CustomerStatus, Tier } from '../../domain/vocabulary.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Block, MAX_BUTTON_VALUE, type Message } from '../../messages/model.ts';
import type { AppDeps } from '../context.ts';
import { type Member, visibleOwnerIds } from '../members/members.ts';
import { errorMessage } from '../replies.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type Customer = CustomerRow & { tier: Tier; status: CustomerStatus };

const CANDIDATE_LIMIT = 200;

function visibleTo(owners: number[] | 'all'): SQL | undefined {
  return owners === 'all' ? undefined : inArray(customers.ownerId, owners);
}

/**
 * Customers the member may see whose name could be what the text starts with: names beginning with
 * the first word, or names the text begins with (Chinese names typed without a space after them).
 */
async function candidatesFor(db: Db, member: Member, tokens: Token[]): Promise<Customer[]> {
  const owners = await visibleOwnerIds(db, member);
  const firstWord = normalizeName(tokens[0]?.text ?? '');
  const wholeText = normalizeName(tokens.map((token) => token.text).join(' '));
  const rows = await db
    .select()
    .from(customers)
    .where(
      and(
        visibleTo(owners),
        or(
          sql`starts_with(${customers.nameKey}, ${firstWord})`,
          sql`starts_with(${wholeText}, ${customers.nameKey})`,
        ),
      ),
    )
    .orderBy(asc(customers.nameKey))
    .limit(CANDIDATE_LIMIT);
  return rows as Customer[];
}

export type CustomerResolution =
  | MatchResult<Customer>
  | { kind: 'none'; query: string; suggestions: { id: number; name: string }[] };

/** Matching (docs/domain.md, "Naming a customer") against the member's own visible customers, with "did you mean" on a miss. */
export async function resolveCustomer(
  deps: AppDeps,
  member: Member,
  tokens: Token[],
  wholeQuery = false,
): Promise<CustomerResolution> {
  const candidates = await candidatesFor(deps.db, member, tokens);
  const result = matchCustomer(tokens, candidates, wholeQuery);
  if (result.kind !== 'none') return result;
  const visible = await visibleNames(deps.db, member, 2000);
  const idOf = new Map(visible.map((row) => [row.name, row.id]));
  const names = closestNames(
    result.query,
    visible.map((row) => row.name),
  );
  return {
    kind: 'none',
    query: result.query,
    suggestions: names.map((name) => ({ id: idOf.get(name)!, name })),
  };
}

async function visibleNames(db: Db, member: Member, limit: number): Promise<{ id: number; name: string }[]> {
  const owners = await visibleOwnerIds(db, member);
  return db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(visibleTo(owners))
    .limit(limit);
}

export async function visibleCustomerById(
  deps: AppDeps,
  member: Member,
  id: number,
): Promise<Customer | undefined> {
  const owners = await visibleOwnerIds(deps.db, member);
  const [row] = await deps.db
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), visibleTo(owners)));
  return row as Customer | undefined;
}

/** Type-ahead for pickers: names containing the query, visible ones only, prefix matches first. */
export async function searchCustomers(
  deps: AppDeps,
  member: Member,
  query: string,
  limit = 50,
): Promise<{ id: number; name: string }[]> {
  const owners = await visibleOwnerIds(deps.db, member);
  const key = normalizeName(query);
  return deps.db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(visibleTo(owners), key ? sql`strpos(${customers.nameKey}, ${key}) > 0` : undefined))
    .orderBy(sql`strpos(${customers.nameKey}, ${key})`, asc(customers.nameKey))
    .limit(limit);
}

/**
 * Buttons to pick among ambiguous matches; each carries what is needed to finish the command. When
 * that would not fit in a button, the member is asked to type the full name instead.
 */
export function pickMessage(
  member: Member,
  query: string,
  candidates: Customer[],
  value: (customer: Customer) => string,
): Message {
  const t = catalog(member.lang).customer;
  const shown = candidates.slice(0, 10);
  const values = shown.map(value);
  if (values.some((v) => v.length > MAX_BUTTON_VALUE)) {
    return errorMessage(member, {
      code: 'customer_ambiguous',
      params: { query, names: shown.map((customer) => customer.name) },
    });
  }
  const blocks: Block[] = [
    { type: 'text', text: t.pick({ query }) },
    {
      type: 'actions',
      buttons: shown.map((customer, index) => ({
        actionId: 'customer.pick',
        label: customer.name,
        value: values[index]!,
      })),
    },
  ];
  if (candidates.length > shown.length) {
    blocks.push({ type: 'context', text: t.more({ count: candidates.length - shown.length }) });
  }
  return { text: t.pick({ query }), blocks };
}
