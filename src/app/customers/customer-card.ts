import { asc, desc, eq } from 'drizzle-orm';
import { contacts, members, visits } from '../../db/schema.ts';
import type { VisitKind } from '../../domain/vocabulary.ts';
import { catalog } from '../../messages/i18n/index.ts';
import type { Block, Message } from '../../messages/model.ts';
import type { AppDeps } from '../context.ts';
import type { Member } from '../members/members.ts';
import { discountHistoryText } from './customer-card-discounts.ts';
import type { Customer } from './find-customer.ts';

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
    { type: 'text', text: await discountHistoryText(deps, member, customer.id) },
  ];
  return { text: `${customer.name} (${customer.tier})`, blocks };
}
