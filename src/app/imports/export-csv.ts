import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { contacts, customers, members, visits } from '../../db/schema.ts';
import { exportAudit } from './export-audit.ts';
import { exportDiscounts } from './export-discounts.ts';
import { type ExportPeriod, type ExportWriter, writePages } from './export-pages.ts';

export type { ExportPeriod, ExportWriter } from './export-pages.ts';

/** Whole tables: members, customers and contacts in the import's columns, and every visit. */
export const TABLE_KINDS = ['members', 'customers', 'contacts', 'visits'] as const;
/** Records of what happened, read for a period (finance and audit). */
export const PERIOD_KINDS = ['discounts', 'audit'] as const;
export const EXPORT_KINDS = [...TABLE_KINDS, ...PERIOD_KINDS] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const takesPeriod = (kind: ExportKind): kind is PeriodKind =>
  PERIOD_KINDS.some((periodKind) => periodKind === kind);

/**
 * Writes a CSV export page by page, with back-pressure (export-pages.ts). Members, customers and
 * contacts come out in the import's own columns, so an export imports back unchanged. Discounts
 * and the audit log are limited to `period` when given (every row without one).
 */
export async function exportCsv(
  db: Db,
  kind: ExportKind,
  writer: ExportWriter,
  period?: ExportPeriod,
): Promise<number> {
  if (period && !takesPeriod(kind)) throw new Error(`export ${kind} takes no period`);
  if (kind === 'discounts') return exportDiscounts(db, writer, period);
  if (kind === 'audit') return exportAudit(db, writer, period);
  if (kind === 'members') {
    const manager = alias(members, 'manager');
    return writePages(
      writer,
      ['platform', 'user_id', 'name', 'role', 'manager_user_id', 'timezone', 'locale', 'email'],
      (offset, limit) =>
        db
          .select({ member: members, managerUserId: manager.userId })
          .from(members)
          .leftJoin(manager, eq(manager.id, members.managerId))
          .where(eq(members.active, true))
          .orderBy(asc(members.id))
          .limit(limit)
          .offset(offset),
      ({ member: m, managerUserId }) => [
        m.platform,
        m.userId,
        m.name,
        m.role,
        managerUserId,
        m.timezone,
        m.locale,
        m.email,
      ],
    );
  }
  if (kind === 'customers') {
    return writePages(
      writer,
      ['name', 'tier', 'owner_user_id', 'status', 'platform', 'stage', 'next_follow_up'],
      (offset, limit) =>
        db
          .select({ customer: customers, ownerUserId: members.userId, platform: members.platform })
          .from(customers)
          .innerJoin(members, eq(members.id, customers.ownerId))
          .orderBy(asc(customers.id))
          .limit(limit)
          .offset(offset),
      ({ customer: c, ownerUserId, platform }) => [
        c.name,
        c.tier,
        ownerUserId,
        c.status,
        platform,
        c.stage,
        c.nextFollowUpOn,
      ],
    );
  }
  if (kind === 'contacts') {
    return writePages(
      writer,
      ['customer', 'name', 'title', 'birthday', 'phone', 'email', 'notes'],
      (offset, limit) =>
        db
          .select({ contact: contacts, customer: customers.name })
          .from(contacts)
          .innerJoin(customers, eq(customers.id, contacts.customerId))
          .orderBy(asc(contacts.id))
          .limit(limit)
          .offset(offset),
      ({ contact: c, customer }) => {
        const birthday = c.birthdayMonthDay
          ? c.birthYear
            ? `${c.birthYear}-${c.birthdayMonthDay}`
            : c.birthdayMonthDay
          : null;
        return [customer, c.name, c.title, birthday, c.phone, c.email, c.notes];
      },
    );
  }
  return writePages(
    writer,
    [
      'visited_on',
      'customer',
      'member_user_id',
      'member',
      'kind',
      'stage',
      'summary',
      'next_step',
      'next_follow_up',
    ],
    (offset, limit) =>
      db
        .select({ visit: visits, customer: customers.name, userId: members.userId, member: members.name })
        .from(visits)
        .innerJoin(customers, eq(customers.id, visits.customerId))
        .innerJoin(members, eq(members.id, visits.memberId))
        .orderBy(asc(visits.id))
        .limit(limit)
        .offset(offset),
    ({ visit: v, customer, userId, member }) => [
      v.visitedOn,
      customer,
      userId,
      member,
      v.kind,
      v.stage,
      v.summary,
      v.nextStep,
      v.nextFollowUpOn,
    ],
  );
}
