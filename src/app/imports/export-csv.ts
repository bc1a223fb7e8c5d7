import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { contacts, customers, members, visits } from '../../db/schema.ts';
import { guardFormula } from './formula-guard.ts';

export const EXPORT_KINDS = ['members', 'customers', 'contacts', 'visits'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/**
 * RFC 4180: quoted when needed, doubled quotes, CRLF — what spreadsheets and our own import read;
 * formula-like cells defused with a leading quote (formula-guard.ts).
 */
function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values
    .map((value) => {
      const text = guardFormula(value === null || value === undefined ? '' : String(value));
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}

const PAGE = 5_000;

/** Takes a page of CSV text; a promise it returns is awaited before the next page is read (back-pressure). */
export type ExportWriter = (chunk: string) => unknown;

/**
 * Writes a CSV export page by page (constant memory, whatever the table size): the next page is
 * read only once the writer has taken the last one, so a slow pipe or disk holds the export back
 * instead of filling memory. Members, customers and contacts come out in the import's own columns,
 * so an export imports back unchanged.
 */
export async function exportCsv(db: Db, kind: ExportKind, writer: ExportWriter): Promise<number> {
  let rows = 0;
  let pending = '';
  const write = (text: string) => {
    pending += text;
  };
  const emit = (values: readonly (string | number | null | undefined)[]) => {
    pending += `${csvLine(values)}\r\n`;
    rows++;
  };
  const flush = async () => {
    const text = pending;
    pending = '';
    if (text) await writer(text);
  };
  if (kind === 'members') {
    write('platform,user_id,name,role,manager_user_id,timezone,locale,email\r\n');
    const manager = alias(members, 'manager');
    for (let offset = 0; ; offset += PAGE) {
      const page = await db
        .select({ member: members, managerUserId: manager.userId })
        .from(members)
        .leftJoin(manager, eq(manager.id, members.managerId))
        .where(eq(members.active, true))
        .orderBy(asc(members.id))
        .limit(PAGE)
        .offset(offset);
      for (const { member: m, managerUserId } of page) {
        emit([m.platform, m.userId, m.name, m.role, managerUserId, m.timezone, m.locale, m.email]);
      }
      await flush();
      if (page.length < PAGE) return rows;
    }
  }
  if (kind === 'customers') {
    write('name,tier,owner_user_id,status,platform,stage,next_follow_up\r\n');
    for (let offset = 0; ; offset += PAGE) {
      const page = await db
        .select({ customer: customers, ownerUserId: members.userId, platform: members.platform })
        .from(customers)
        .innerJoin(members, eq(members.id, customers.ownerId))
        .orderBy(asc(customers.id))
        .limit(PAGE)
        .offset(offset);
      for (const { customer: c, ownerUserId, platform } of page) {
        emit([c.name, c.tier, ownerUserId, c.status, platform, c.stage, c.nextFollowUpOn]);
      }
      await flush();
      if (page.length < PAGE) return rows;
    }
  }
  if (kind === 'contacts') {
    write('customer,name,title,birthday,phone,email,notes\r\n');
    for (let offset = 0; ; offset += PAGE) {
      const page = await db
        .select({ contact: contacts, customer: customers.name })
        .from(contacts)
        .innerJoin(customers, eq(customers.id, contacts.customerId))
        .orderBy(asc(contacts.id))
        .limit(PAGE)
        .offset(offset);
      for (const { contact: c, customer } of page) {
        const birthday = c.birthdayMonthDay
          ? c.birthYear
            ? `${c.birthYear}-${c.birthdayMonthDay}`
            : c.birthdayMonthDay
          : null;
        emit([customer, c.name, c.title, birthday, c.phone, c.email, c.notes]);
      }
      await flush();
      if (page.length < PAGE) return rows;
    }
  }
  write('visited_on,customer,member_user_id,member,kind,stage,summary,next_step,next_follow_up\r\n');
  for (let offset = 0; ; offset += PAGE) {
    const page = await db
      .select({ visit: visits, customer: customers.name, userId: members.userId, member: members.name })
      .from(visits)
      .innerJoin(customers, eq(customers.id, visits.customerId))
      .innerJoin(members, eq(members.id, visits.memberId))
      .orderBy(asc(visits.id))
      .limit(PAGE)
      .offset(offset);
    for (const { visit: v, customer, userId, member } of page) {
      emit([v.visitedOn, customer, userId, member, v.kind, v.stage, v.summary, v.nextStep, v.nextFollowUpOn]);
    }
    await flush();
    if (page.length < PAGE) return rows;
  }
}
