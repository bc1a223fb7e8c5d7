/**
 * `contacts.csv`: the key people (关键人) at each customer, upserted by (customer, name). The
 * customer column is matched like everywhere else, by the normalized name.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contacts, customers } from '../../db/schema.ts';
import { normalizeName } from '../../domain/customer-match.ts';
import type { CsvRecord } from './csv.ts';
import {
  chunks,
  differsIn,
  ImportError,
  type ImportProgress,
  type ImportResult,
  optionalCell,
  parseEmail,
  planUpserts,
  readTable,
  recordImport,
  rejectDuplicates,
  requiredCell,
  type Table,
  takeFromFile,
  validated,
  writeInChunks,
} from './import-table.ts';

export type ContactImportOptions = { now: Date; onProgress?: ImportProgress };

/** A birthday: month and day always, the year when the file gives one. */
export type Birthday = { monthDay: string; year: number | null };

const CONTACT_COLUMNS = ['customer', 'name'] as const;
const PHONE_MAX = 50;
const BIRTHDAY_FORMATS = 'YYYY-MM-DD, MM-DD, M/D, YYYY/M/D, M月D日 or YYYY年M月D日';
const EARLIEST_BIRTH_YEAR = 1900;

const BIRTHDAY_PATTERNS: RegExp[] = [
  /^(?:(?<year>\d{4})-)?(?<month>\d{1,2})-(?<day>\d{1,2})$/,
  /^(?:(?<year>\d{4})\/)?(?<month>\d{1,2})\/(?<day>\d{1,2})$/,
  /^(?:(?<year>\d{4})\s*年\s*)?(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*[日号]?$/,
];

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * Reads `YYYY-MM-DD`, `MM-DD`, `M/D`, `YYYY/M/D`, `M月D日` or `YYYY年M月D日` (full-width digits
 * too). Returns the reason as a string when the text is not a real date; Feb 29 needs a leap year
 * only when a year is given.
 */
export function parseBirthday(text: string, today: Date = new Date()): Birthday | string {
  const normalized = text.normalize('NFKC').trim();
  const groups = BIRTHDAY_PATTERNS.map((pattern) => pattern.exec(normalized)?.groups).find(Boolean);
  if (!groups) return `use ${BIRTHDAY_FORMATS}`;
  const month = Number(groups.month);
  const day = Number(groups.day);
  const year = groups.year === undefined ? null : Number(groups.year);
  if (month < 1 || month > 12) return `there is no month ${month}`;
  if (day < 1 || day > DAYS_IN_MONTH[month - 1]!) return `${monthName(month)} has no day ${day}`;
  if (year !== null) {
    if (month === 2 && day === 29 && !isLeapYear(year)) return `${year} is not a leap year`;
    if (year < EARLIEST_BIRTH_YEAR || year > today.getUTCFullYear())
      return `the year ${year} is not a plausible birth year`;
  }
  const monthDay = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { monthDay, year };
}

function monthName(month: number): string {
  return new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
}

type ContactInput = {
  row: number;
  /** Customer key + contact name: the file's natural key. */
  key: string;
  customer: string;
  customerKey: string;
  name: string;
  title: string | null | undefined;
  birthday: Birthday | null | undefined;
  phone: string | null | undefined;
  email: string | null | undefined;
  notes: string | null | undefined;
};

type ContactRow = typeof contacts.$inferSelect;
type ContactValues = typeof contacts.$inferInsert;

const contactKey = (customer: string | number, name: string) => `${customer}\u0000${name}`;

function parseContactRecord(table: Table, record: CsvRecord, today: Date): ContactInput {
  const { row } = record;
  const customer = requiredCell(table, record, 'customer');
  const customerKey = normalizeName(customer);
  const name = requiredCell(table, record, 'name');
  return {
    row,
    key: contactKey(customerKey, name),
    customer,
    customerKey,
    name,
    title: optionalCell(table, record, 'title'),
    birthday: parseBirthdayCell(optionalCell(table, record, 'birthday'), row, today),
    phone: parsePhone(optionalCell(table, record, 'phone'), row),
    email: parseEmail(optionalCell(table, record, 'email'), row),
    notes: optionalCell(table, record, 'notes'),
  };
}

function parseBirthdayCell(
  value: string | null | undefined,
  row: number,
  today: Date,
): Birthday | null | undefined {
  if (value === undefined || value === null) return value;
  const birthday = parseBirthday(value, today);
  if (typeof birthday === 'string') throw new ImportError(row, `invalid birthday "${value}": ${birthday}`);
  return birthday;
}

function parsePhone(value: string | null | undefined, row: number): string | null | undefined {
  if (value && value.length > PHONE_MAX)
    throw new ImportError(row, `phone "${value}" is longer than ${PHONE_MAX} characters`);
  return value;
}

/** Customer ids by name key; the first row naming an unknown customer rejects the file. */
async function resolveCustomers(tx: Db, inputs: ContactInput[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunks([...new Set(inputs.map((input) => input.customerKey))])) {
    const rows = await tx
      .select({ id: customers.id, nameKey: customers.nameKey })
      .from(customers)
      .where(inArray(customers.nameKey, chunk));
    for (const row of rows) ids.set(row.nameKey, row.id);
  }
  const unknown = inputs.find((input) => !ids.has(input.customerKey));
  if (unknown) {
    throw new ImportError(
      unknown.row,
      `unknown customer "${unknown.customer}" (check the spelling, or import customers first)`,
    );
  }
  return ids;
}

async function loadContacts(tx: Db, customerIds: number[]): Promise<Map<string, ContactRow>> {
  const found = new Map<string, ContactRow>();
  for (const chunk of chunks(customerIds)) {
    const rows = await tx.select().from(contacts).where(inArray(contacts.customerId, chunk));
    for (const row of rows) found.set(contactKey(row.customerId, row.name), row);
  }
  return found;
}

function contactValues(
  input: ContactInput,
  customerId: number,
  current: ContactRow | undefined,
  now: Date,
): ContactValues {
  const keep = <T>(value: T | undefined, stored: T | null | undefined) =>
    value === undefined ? (stored ?? null) : value;
  const birthday =
    input.birthday === undefined
      ? { monthDay: current?.birthdayMonthDay ?? null, year: current?.birthYear ?? null }
      : { monthDay: input.birthday?.monthDay ?? null, year: input.birthday?.year ?? null };
  return {
    customerId,
    name: input.name,
    title: keep(input.title, current?.title),
    birthdayMonthDay: birthday.monthDay,
    birthYear: birthday.year,
    phone: keep(input.phone, current?.phone),
    email: keep(input.email, current?.email),
    notes: keep(input.notes, current?.notes),
    createdAt: now,
  };
}

const CONTACT_FIELDS = ['title', 'birthdayMonthDay', 'birthYear', 'phone', 'email', 'notes'] as const;
const contactChanged = differsIn<ContactValues, ContactRow>(CONTACT_FIELDS);

async function upsertContacts(tx: Db, rows: ContactValues[], onProgress?: ImportProgress): Promise<void> {
  await writeInChunks(
    rows,
    async (chunk) => {
      await tx
        .insert(contacts)
        .values(chunk)
        .onConflictDoUpdate({
          target: [contacts.customerId, contacts.name],
          set: takeFromFile(contacts, CONTACT_FIELDS),
        });
    },
    onProgress,
  );
}

/**
 * Upserts customers' key contacts by (customer, name). Columns: customer,name (required) and
 * title,birthday,phone,email,notes; an absent column keeps the stored value, an empty cell clears
 * it. All rows are checked before anything is written, in one transaction.
 */
export async function importContacts(
  db: Db,
  csvText: string,
  options: ContactImportOptions,
): Promise<ImportResult> {
  const { now, onProgress } = options;
  const table = readTable(csvText, CONTACT_COLUMNS);
  const inputs = validated(table.records, (record) => parseContactRecord(table, record, now), onProgress);
  rejectDuplicates(inputs, (input) => `contact "${input.name}" at customer "${input.customer}"`);

  return db.transaction(async (tx) => {
    const customerIds = await resolveCustomers(tx, inputs);
    const existing = await loadContacts(tx, [...new Set(customerIds.values())]);
    const idOf = (input: ContactInput) => customerIds.get(input.customerKey)!;
    const plan = planUpserts(
      inputs,
      (input) => existing.get(contactKey(idOf(input), input.name)),
      (input, current) => contactValues(input, idOf(input), current, now),
      contactChanged,
    );
    await upsertContacts(tx, plan.upserts, onProgress);
    return recordImport(tx, inputs.length, plan, {
      at: now,
      action: 'contacts.imported',
      entity: 'customer',
    });
  });
}
