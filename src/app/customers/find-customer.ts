import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { approvalSteps, contacts, customers, discountRequests, members, visits } from '../../db/schema.ts';
import { closestNames, type MatchResult, matchCustomer, normalizeName } from '../../domain/customer-match.ts';
import type { Token } from '../../domain/grammar.ts';
import type { CustomerStatus, DiscountReason, Tier, VisitKind } from '../../domain/vocabulary.ts';
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
  | { kind: 'none'; query: string; suggestions: string[] };

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
  const names = await visibleNames(deps.db, member, 2000);
  return { kind: 'none', query: result.query, suggestions: closestNames(result.query, names) };
}

async function visibleNames(db: Db, member: Member, limit: number): Promise<string[]> {
  const owners = await visibleOwnerIds(db, member);
  const rows = await db
    .select({ name: customers.name })
    .from(customers)
    .where(visibleTo(owners))
    .limit(limit);
  return rows.map((row) => row.name);
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

const CARD_VISITS = 5;
const CARD_CONTACTS = 10;

/** `/customer <name>`: the customer card. */
export async function customerCard(deps: AppDeps, member: Member, customer: Customer): Promise<Message> {
  const c = catalog(member.lang);
  const t = c.customer;
  const [owner] = await deps.db
    .select({ name: members.name })
    .from(members)
    .where(eq(members.id, customer.ownerId));
  const recent = await deps.db
    .select({
      visitedOn: visits.visitedOn,
      kind: visits.kind,
      summary: visits.summary,
      by: members.name,
    })
    .from(visits)
    .innerJoin(members, eq(members.id, visits.memberId))
    .where(eq(visits.customerId, customer.id))
    .orderBy(desc(visits.visitedOn), desc(visits.id))
    .limit(CARD_VISITS);
  const open = await deps.db
    .select({
      id: discountRequests.id,
      percent: discountRequests.percent,
      reason: discountRequests.reason,
      approver: members.name,
    })
    .from(discountRequests)
    .innerJoin(
      approvalSteps,
      and(eq(approvalSteps.requestId, discountRequests.id), eq(approvalSteps.status, 'pending')),
    )
    .innerJoin(members, eq(members.id, approvalSteps.approverId))
    .where(and(eq(discountRequests.customerId, customer.id), eq(discountRequests.status, 'pending')))
    .orderBy(asc(discountRequests.id));

  const keyContacts = await deps.db
    .select()
    .from(contacts)
    .where(eq(contacts.customerId, customer.id))
    .orderBy(asc(contacts.name))
    .limit(CARD_CONTACTS);

  const blocks: Block[] = [
    { type: 'header', text: t.card({ name: customer.name }) },
    {
      type: 'fields',
      fields: [
        { label: t.tier, value: customer.tier },
        { label: t.status, value: c.statuses[customer.status] ?? customer.status },
        { label: t.owner, value: owner?.name ?? t.none },
        {
          label: t.stage,
          value: customer.stage ? (c.stages[customer.stage as keyof typeof c.stages] ?? t.none) : t.none,
        },
        { label: t.lastVisit, value: customer.lastVisitOn ?? t.never },
        { label: t.nextFollowUp, value: customer.nextFollowUpOn ?? t.none },
      ],
    },
    { type: 'divider' },
    {
      type: 'text',
      text: [
        t.recentVisits,
        ...(recent.length === 0
          ? [t.noVisits]
          : recent.map((visit) =>
              t.visitLine({
                date: visit.visitedOn,
                kind: c.kinds[visit.kind as VisitKind] ?? visit.kind,
                by: visit.by,
                summary: visit.summary.length > 200 ? `${visit.summary.slice(0, 200)}…` : visit.summary,
              }),
            )),
      ].join('\n'),
    },
    {
      type: 'text',
      text: [
        t.contacts,
        ...(keyContacts.length === 0
          ? [t.noContacts]
          : keyContacts.map((contact) =>
              t.contactLine({
                name: contact.name,
                title: contact.title ? ` (${contact.title})` : '',
                birthday: contact.birthdayMonthDay
                  ? t.birthday({
                      date: contact.birthYear
                        ? `${contact.birthYear}-${contact.birthdayMonthDay}`
                        : contact.birthdayMonthDay,
                    })
                  : '',
                phone: contact.phone ? ` · ${contact.phone}` : '',
              }),
            )),
      ].join('\n'),
    },
    {
      type: 'text',
      text: [
        t.openRequests,
        ...(open.length === 0
          ? [t.noOpenRequests]
          : open.map((request) =>
              t.requestLine({
                id: request.id,
                percent: request.percent,
                reason: c.reasons[request.reason as DiscountReason] ?? request.reason,
                approver: request.approver,
              }),
            )),
      ].join('\n'),
    },
  ];
  return { text: `${customer.name} (${customer.tier})`, blocks };
}
