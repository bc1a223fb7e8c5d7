/** The customers file: accounts, their tier, owner, status and stage (README, "CSV import"). */
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customers, members } from '../../db/schema.ts';
import { normalizeName } from '../../domain/customer-match.ts';
import { isValidIsoDate } from '../../domain/dates.ts';
import {
  CUSTOMER_STATUSES,
  type CustomerStatus,
  PRAM_STAGES,
  type PramStage,
  parseCustomerStatus,
  parseStage,
  parseTier,
  TIERS,
  type Tier,
} from '../../domain/vocabulary.ts';
import type { Platform } from '../context.ts';
import { type FirstDue, firstDueDate } from '../customers/first-due.ts';
import { calendarOf, loadSettings } from '../members/team-settings.ts';
import type { CsvRecord } from './csv.ts';
import {
  CHUNK,
  type CsvSource,
  cell,
  chunks,
  differsIn,
  duplicateGuard,
  type HasColumns,
  ImportError,
  type ImportProgress,
  type ImportResult,
  parsePlatform,
  planUpserts,
  recordImport,
  requiredCell,
  streamTable,
  takeFromFile,
  writeInChunks,
} from './import-table.ts';

export type CustomerImportOptions = { now: Date; defaultTimezone: string; onProgress?: ImportProgress };

const CUSTOMER_COLUMNS = ['name', 'tier', 'owner_user_id', 'status'] as const;

type CustomerInput = {
  row: number;
  key: string;
  name: string;
  tier: Tier;
  status: CustomerStatus | undefined;
  ownerUserId: string;
  platform: Platform | undefined;
  stage: PramStage | undefined;
  nextFollowUp: string | undefined;
};

type CustomerRow = typeof customers.$inferSelect;
type Owner = Pick<typeof members.$inferSelect, 'id' | 'platform' | 'userId' | 'active'> & {
  /** The owner's own zone, else the team's (`DEFAULT_TIMEZONE`): dates of a new customer are theirs. */
  zone: string;
};

function parseCustomerRecord(table: HasColumns, record: CsvRecord): CustomerInput {
  const { row } = record;
  const name = requiredCell(table, record, 'name');
  const tierText = requiredCell(table, record, 'tier');
  const tier = parseTier(tierText);
  if (!tier) throw new ImportError(row, `unknown tier "${tierText}" (use ${TIERS.join(', ')})`);
  const statusText = cell(table, record, 'status') ?? '';
  const status = statusText === '' ? undefined : parseCustomerStatus(statusText);
  if (statusText !== '' && !status) {
    throw new ImportError(row, `unknown status "${statusText}" (use ${CUSTOMER_STATUSES.join(', ')})`);
  }
  const platformText = cell(table, record, 'platform');
  return {
    row,
    key: normalizeName(name),
    name,
    tier,
    status,
    ownerUserId: requiredCell(table, record, 'owner_user_id'),
    platform: platformText ? parsePlatform(platformText, row) : undefined,
    stage: parseOptionalStage(cell(table, record, 'stage'), row),
    nextFollowUp: parseOptionalDate(cell(table, record, 'next_follow_up'), row),
  };
}

function parseOptionalStage(value: string | undefined, row: number): PramStage | undefined {
  if (!value) return undefined;
  const stage = parseStage(value);
  if (!stage) throw new ImportError(row, `unknown stage "${value}" (use ${PRAM_STAGES.join(', ')})`);
  return stage;
}

function parseOptionalDate(value: string | undefined, row: number): string | undefined {
  if (!value) return undefined;
  if (!isValidIsoDate(value))
    throw new ImportError(row, `invalid next_follow_up "${value}" (use YYYY-MM-DD)`);
  return value;
}

async function loadOwners(tx: Db, userIds: string[], defaultZone: string): Promise<Map<string, Owner[]>> {
  const owners = new Map<string, Owner[]>();
  for (const chunk of chunks(userIds)) {
    const rows = await tx
      .select({
        id: members.id,
        platform: members.platform,
        userId: members.userId,
        active: members.active,
        zone: sql<string>`coalesce(${members.timezone}, ${members.platformTimezone}, ${defaultZone}::text)`,
      })
      .from(members)
      .where(inArray(members.userId, chunk));
    for (const row of rows) owners.set(row.userId, [...(owners.get(row.userId) ?? []), row]);
  }
  return owners;
}

function resolveOwner(input: CustomerInput, owners: Map<string, Owner[]>): Owner {
  const { row, ownerUserId: userId } = input;
  const found = (owners.get(userId) ?? []).filter(
    (owner) => !input.platform || owner.platform === input.platform,
  );
  const where = input.platform ? ` on ${input.platform}` : '';
  if (found.length === 0) {
    throw new ImportError(
      row,
      `unknown owner "${userId}": no member${where} with that user_id (import members first)`,
    );
  }
  if (found.length > 1) {
    const list = found.map((owner) => owner.platform).join(' and ');
    throw new ImportError(
      row,
      `owner "${userId}" is a member on both ${list}: add a platform column to say which`,
    );
  }
  const owner = found[0]!;
  if (!owner.active)
    throw new ImportError(row, `owner "${userId}" is deactivated: assign the customer to an active member`);
  return owner;
}

async function loadCustomers(tx: Db, keys: string[]): Promise<Map<string, CustomerRow>> {
  const found = new Map<string, CustomerRow>();
  for (const chunk of chunks(keys)) {
    const rows = await tx.select().from(customers).where(inArray(customers.nameKey, chunk));
    for (const row of rows) found.set(row.nameKey, row);
  }
  return found;
}

type CustomerValues = typeof customers.$inferInsert;

/**
 * One row's values. `firstDue` is the owner's today and next working day in their zone: a new
 * customer is first due then (README, "Follow-ups"), not on the evening it was imported.
 */
function customerValues(
  input: CustomerInput,
  ownerId: number,
  current: CustomerRow | undefined,
  firstDue: FirstDue,
  now: Date,
) {
  const { assignedOn: today, due: nextWorkingDay } = firstDue;
  // A deal just won (成交后马上回访): call back the next working day; it also counts as progress.
  const won = current !== undefined && input.status === 'active' && current.status !== 'active';
  const values: CustomerValues = {
    name: input.name,
    nameKey: input.key,
    tier: input.tier,
    status: input.status ?? current?.status ?? 'prospect',
    ownerId,
    stage: input.stage ?? current?.stage ?? null,
    lastVisitOn: current?.lastVisitOn ?? null,
    // New to this owner (a new customer, or one the file hands to someone else) or just won: due the
    // owner's next working day, so a hand-over by import gives the new owner a day, as in the digest.
    nextFollowUpOn:
      input.nextFollowUp ??
      (won || !current || current.ownerId !== ownerId ? nextWorkingDay : current.nextFollowUpOn),
    lastProgressOn: won ? today : (current?.lastProgressOn ?? null),
    assignedOn: current && current.ownerId === ownerId ? current.assignedOn : today,
    createdAt: now,
    updatedAt: now,
  };
  return values;
}

const CUSTOMER_FIELDS = [
  'name',
  'tier',
  'status',
  'ownerId',
  'stage',
  'nextFollowUpOn',
  'lastProgressOn',
] as const;
const customerChanged = differsIn<CustomerValues, CustomerRow>(CUSTOMER_FIELDS);

async function upsertCustomers(tx: Db, rows: CustomerValues[]): Promise<void> {
  await writeInChunks(rows, async (chunk) => {
    await tx
      .insert(customers)
      .values(chunk)
      .onConflictDoUpdate({
        target: customers.nameKey,
        set: takeFromFile(customers, [...CUSTOMER_FIELDS, 'assignedOn', 'updatedAt']),
      });
  });
}

/** Progress of the first, validating read of a streamed file: how many rows so far. */
const every = (count: number) => count % CHUNK === 0;

/**
 * Upserts customers by normalized name. A new customer is assigned today and first due on the
 * owner's next working day, both in the owner's zone (else `defaultTimezone`); a change of owner
 * re-dates the assignment; a customer turning `active` (won) is due again the next working day.
 *
 * The file is read twice, as a stream, so a list of half a million customers keeps memory flat:
 * first every row is checked (cells, duplicates), then, in one transaction, the rows are resolved
 * and written a thousand at a time. The first bad row rejects the file and nothing is written.
 */
export async function importCustomers(
  db: Db,
  csv: string | CsvSource,
  options: CustomerImportOptions,
): Promise<ImportResult> {
  const { now, onProgress } = options;
  const table = await streamTable(typeof csv === 'string' ? { text: csv } : csv, CUSTOMER_COLUMNS);

  const ownerIds = new Set<string>();
  let rows = 0;
  // A block of its own: the names seen are needed only for this first read, then let go.
  {
    const checkDuplicate = duplicateGuard<CustomerInput>((input) => `customer name "${input.name}"`);
    for await (const record of table.records()) {
      const input = parseCustomerRecord(table, record);
      checkDuplicate(input);
      ownerIds.add(input.ownerUserId);
      if (every(++rows)) onProgress?.({ phase: 'validating', done: rows });
    }
  }

  return db.transaction(async (tx) => {
    const calendar = calendarOf(await loadSettings(tx));
    const owners = await loadOwners(tx, [...ownerIds], options.defaultTimezone);
    // Per owner, not per row: a file of half a million rows has a handful of owners.
    const firstDueOf = new Map<number, FirstDue>();
    const firstDueFor = (owner: Owner) => {
      const known = firstDueOf.get(owner.id);
      if (known) return known;
      const dates = firstDueDate(owner.zone, now, calendar);
      firstDueOf.set(owner.id, dates);
      return dates;
    };
    const totals = { inserted: 0, updated: 0, written: 0 };
    const writeBatch = async (batch: CustomerInput[]) => {
      const existing = await loadCustomers(
        tx,
        batch.map((input) => input.key),
      );
      const plan = planUpserts(
        batch,
        (input) => existing.get(input.key),
        (input, current) => {
          const owner = resolveOwner(input, owners);
          return customerValues(input, owner.id, current, firstDueFor(owner), now);
        },
        customerChanged,
      );
      await upsertCustomers(tx, plan.upserts);
      totals.inserted += plan.inserted;
      totals.updated += plan.updated.size;
      totals.written += batch.length;
      onProgress?.({ phase: 'writing', done: totals.written, total: rows });
    };
    let batch: CustomerInput[] = [];
    for await (const record of table.records()) {
      batch.push(parseCustomerRecord(table, record));
      if (batch.length === CHUNK) {
        await writeBatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await writeBatch(batch);
    return recordImport(tx, rows, totals, { at: now, action: 'customer.imported', entity: 'customer' });
  });
}
