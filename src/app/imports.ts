import { inArray, type SQL, sql } from 'drizzle-orm';
import { type Locale, localeSchema, timeZoneSchema } from '../config.ts';
import type { Db } from '../db/client.ts';
import { customers, members } from '../db/schema.ts';
import { normalizeName } from '../domain/customer-match.ts';
import { isValidIsoDate, localDate } from '../domain/dates.ts';
import {
  CUSTOMER_STATUSES,
  type CustomerStatus,
  PRAM_STAGES,
  type PramStage,
  parseCustomerStatus,
  parseRole,
  parseStage,
  parseTier,
  ROLES,
  type Role,
  TIERS,
  type Tier,
} from '../domain/vocabulary.ts';
import { audit } from './audit.ts';
import type { Platform } from './context.ts';
import { CsvError, type CsvRecord, parseCsv } from './csv.ts';

/** A rejected file: `row` is the spreadsheet row (header = 1) and `reason` says what to fix. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(`row ${row}: ${reason}`);
  }
}

export type ImportResult = { rows: number; inserted: number; updated: number; unchanged: number };

export type ImportProgress = (event: {
  phase: 'validating' | 'writing';
  done: number;
  total: number;
}) => void;

export type MemberImportOptions = { now: Date; onProgress?: ImportProgress };
export type CustomerImportOptions = { now: Date; defaultTimezone: string; onProgress?: ImportProgress };

const PLATFORMS: readonly Platform[] = ['slack', 'lark'];
const CHUNK = 1000;
const MEMBER_COLUMNS = ['platform', 'user_id', 'name', 'role'] as const;
const CUSTOMER_COLUMNS = ['name', 'tier', 'owner_user_id', 'status'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// ---------------------------------------------------------------------------------------------
// Reading the table

type Table = { columns: Map<string, number>; records: CsvRecord[] };

function readTable(csvText: string, required: readonly string[]): Table {
  let records: CsvRecord[];
  try {
    records = parseCsv(csvText);
  } catch (error) {
    if (error instanceof CsvError) throw new ImportError(error.row, error.reason);
    throw error;
  }
  const [header, ...data] = records;
  if (!header) throw new ImportError(1, `the file is empty (expected a header row: ${required.join(',')})`);
  const columns = new Map<string, number>();
  header.fields.forEach((field, index) => {
    const name = field.trim().toLowerCase();
    if (name === '') return;
    if (columns.has(name)) throw new ImportError(header.row, `column "${name}" appears twice in the header`);
    columns.set(name, index);
  });
  const missing = required.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(', ');
    const noun = missing.length === 1 ? 'column' : 'columns';
    throw new ImportError(
      header.row,
      `missing required ${noun} ${list} (the header needs ${required.join(',')})`,
    );
  }
  for (const record of data) checkWidth(record, header.fields.length);
  return { columns, records: data };
}

/** More values than header columns usually means an unquoted comma shifted the row. */
function checkWidth(record: CsvRecord, width: number): void {
  if (record.fields.length <= width) return;
  if (record.fields.slice(width).every((field) => field.trim() === '')) return;
  throw new ImportError(
    record.row,
    `${record.fields.length} values but the header has ${width} columns (put values containing commas in double quotes)`,
  );
}

/** The trimmed cell, or undefined when the file has no such column (so the stored value is kept). */
function cell(table: Table, record: CsvRecord, column: string): string | undefined {
  const index = table.columns.get(column);
  if (index === undefined) return undefined;
  return (record.fields[index] ?? '').trim();
}

function requiredCell(table: Table, record: CsvRecord, column: string): string {
  const value = cell(table, record, column) ?? '';
  if (value === '') throw new ImportError(record.row, `${column} is empty`);
  return value;
}

/** Absent column → undefined (keep), empty cell → null (clear), else the value. */
function optionalCell(table: Table, record: CsvRecord, column: string): string | null | undefined {
  const value = cell(table, record, column);
  if (value === undefined) return undefined;
  return value === '' ? null : value;
}

function parsePlatform(value: string, row: number): Platform {
  const platform = PLATFORMS.find((item) => item === value.toLowerCase());
  if (!platform) throw new ImportError(row, `unknown platform "${value}" (use ${PLATFORMS.join(' or ')})`);
  return platform;
}

function validated<T>(
  records: CsvRecord[],
  parse: (record: CsvRecord) => T,
  onProgress?: ImportProgress,
): T[] {
  const total = records.length;
  return records.map((record, index) => {
    if (onProgress && (index + 1) % CHUNK === 0) onProgress({ phase: 'validating', done: index + 1, total });
    return parse(record);
  });
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

const excluded = (column: string): SQL => sql.raw(`excluded.${column}`);

// ---------------------------------------------------------------------------------------------
// Members

type MemberInput = {
  row: number;
  key: string;
  platform: Platform;
  userId: string;
  name: string;
  role: Role;
  manager: string | null | undefined;
  timezone: string | null | undefined;
  locale: Locale | null | undefined;
  email: string | null | undefined;
};

type MemberRow = typeof members.$inferSelect;

const memberKey = (platform: string, userId: string) => `${platform}\u0000${userId}`;

function parseTimeZone(value: string | null | undefined, row: number): string | null | undefined {
  if (!value) return value === undefined ? undefined : null;
  if (!timeZoneSchema.safeParse(value).success) {
    throw new ImportError(row, `unknown timezone "${value}" (use an IANA zone such as Asia/Shanghai)`);
  }
  // Store the canonical spelling: Intl accepts "asia/shanghai" but reports "Asia/Shanghai".
  return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
}

function parseLocale(value: string | null | undefined, row: number): Locale | null | undefined {
  if (!value) return value === undefined ? undefined : null;
  const lower = value.toLowerCase().replace('_', '-');
  const guess = lower === 'zh' || lower.startsWith('zh-') ? 'zh-CN' : lower.split('-')[0];
  const parsed = localeSchema.safeParse(guess);
  if (!parsed.success) throw new ImportError(row, `unknown locale "${value}" (use en or zh-CN)`);
  return parsed.data;
}

function parseEmail(value: string | null | undefined, row: number): string | null | undefined {
  if (value && !EMAIL.test(value)) throw new ImportError(row, `invalid email "${value}"`);
  return value;
}

function parseMemberRecord(table: Table, record: CsvRecord): MemberInput {
  const { row } = record;
  const platform = parsePlatform(requiredCell(table, record, 'platform'), row);
  const userId = requiredCell(table, record, 'user_id');
  const roleText = requiredCell(table, record, 'role');
  const role = parseRole(roleText);
  if (!role) throw new ImportError(row, `unknown role "${roleText}" (use ${ROLES.join(', ')})`);
  return {
    row,
    key: memberKey(platform, userId),
    platform,
    userId,
    name: requiredCell(table, record, 'name'),
    role,
    manager: optionalCell(table, record, 'manager_user_id'),
    timezone: parseTimeZone(optionalCell(table, record, 'timezone'), row),
    locale: parseLocale(optionalCell(table, record, 'locale'), row),
    email: parseEmail(optionalCell(table, record, 'email'), row),
  };
}

function rejectDuplicates<T extends { row: number; key: string }>(
  inputs: T[],
  describe: (input: T) => string,
): void {
  const seen = new Map<string, number>();
  for (const input of inputs) {
    const first = seen.get(input.key);
    if (first !== undefined)
      throw new ImportError(input.row, `duplicate ${describe(input)} (already on row ${first})`);
    seen.set(input.key, input.row);
  }
}

/** Everyone on the file's platforms: managers may be outside the file and cycles may run through anyone. */
async function loadMembers(tx: Db, platforms: Platform[]): Promise<MemberRow[]> {
  if (platforms.length === 0) return [];
  return tx.select().from(members).where(inArray(members.platform, platforms));
}

/** Who each member reports to after the import, by key: the file's value where it has one, else the stored one. */
function reportingLines(inputs: MemberInput[], existing: MemberRow[]): Map<string, string | null> {
  const keyById = new Map(existing.map((row) => [row.id, memberKey(row.platform, row.userId)]));
  const lines = new Map<string, string | null>();
  for (const row of existing) {
    lines.set(
      memberKey(row.platform, row.userId),
      row.managerId === null ? null : (keyById.get(row.managerId) ?? null),
    );
  }
  for (const input of inputs) {
    if (input.manager !== undefined)
      lines.set(input.key, input.manager && memberKey(input.platform, input.manager));
    else if (!lines.has(input.key)) lines.set(input.key, null);
  }
  return lines;
}

function checkManagersExist(inputs: MemberInput[], lines: Map<string, string | null>): void {
  for (const input of inputs) {
    if (!input.manager) continue;
    if (!lines.has(memberKey(input.platform, input.manager))) {
      throw new ImportError(
        input.row,
        `unknown manager "${input.manager}": no ${input.platform} member with that user_id in this file or the database`,
      );
    }
  }
}

const userIdOf = (key: string) => key.slice(key.indexOf('\u0000') + 1);

/** Rejects a reporting line that loops back on itself, at the last file row that closes the loop. */
function checkNoCycles(inputs: MemberInput[], lines: Map<string, string | null>): void {
  const rowByKey = new Map(inputs.map((input) => [input.key, input.row]));
  const settled = new Set<string>();
  for (const input of inputs) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let key: string | null | undefined = input.key;
    while (key && !settled.has(key) && !onPath.has(key)) {
      onPath.set(key, path.length);
      path.push(key);
      key = lines.get(key);
    }
    if (key && onPath.has(key)) throwCycle(path.slice(onPath.get(key)), rowByKey);
    for (const visited of path) settled.add(visited);
  }
}

function throwCycle(cycle: string[], rowByKey: Map<string, number>): never {
  const inFile = cycle.filter((key) => rowByKey.has(key));
  const last = inFile.reduce(
    (best, key) => (rowByKey.get(key)! > rowByKey.get(best)! ? key : best),
    inFile[0]!,
  );
  const start = cycle.indexOf(last);
  const loop = [...cycle.slice(start), ...cycle.slice(0, start), last].map(userIdOf);
  throw new ImportError(
    rowByKey.get(last)!,
    `manager_user_id "${loop[1]}" would create a reporting cycle: ${loop.join(' → ')} (→ = reports to)`,
  );
}

type MemberValues = Omit<typeof members.$inferInsert, 'managerId'>;

function memberValues(input: MemberInput, current: MemberRow | undefined, now: Date): MemberValues {
  const keep = <T>(value: T | undefined, stored: T | null | undefined) =>
    value === undefined ? (stored ?? null) : value;
  return {
    platform: input.platform,
    userId: input.userId,
    name: input.name,
    role: input.role,
    timezone: keep(input.timezone, current?.timezone),
    locale: keep(input.locale, current?.locale),
    email: keep(input.email, current?.email),
    active: true,
    createdAt: now,
    updatedAt: now,
  };
}

function memberChanged(values: MemberValues, current: MemberRow): boolean {
  return (
    values.name !== current.name ||
    values.role !== current.role ||
    values.timezone !== current.timezone ||
    values.locale !== current.locale ||
    values.email !== current.email ||
    !current.active
  );
}

type MemberPlan = { upserts: MemberValues[]; inserted: number; updated: Set<string> };

function planMembers(inputs: MemberInput[], existing: Map<string, MemberRow>, now: Date): MemberPlan {
  const plan: MemberPlan = { upserts: [], inserted: 0, updated: new Set() };
  for (const input of inputs) {
    const current = existing.get(input.key);
    const values = memberValues(input, current, now);
    if (!current) plan.inserted++;
    else if (memberChanged(values, current)) plan.updated.add(input.key);
    else continue;
    plan.upserts.push(values);
  }
  return plan;
}

async function upsertMembers(tx: Db, rows: MemberValues[], ids: Map<string, number>, progress: () => void) {
  for (const chunk of chunks(rows)) {
    const written = await tx
      .insert(members)
      .values(chunk)
      .onConflictDoUpdate({
        target: [members.platform, members.userId],
        set: {
          name: excluded('name'),
          role: excluded('role'),
          timezone: excluded('timezone'),
          locale: excluded('locale'),
          email: excluded('email'),
          active: excluded('active'),
          updatedAt: excluded('updated_at'),
        },
      })
      .returning({ id: members.id, platform: members.platform, userId: members.userId });
    for (const row of written) ids.set(memberKey(row.platform, row.userId), row.id);
    progress();
  }
}

/** Second pass: managers may be rows inserted by this same import, so their ids exist only now. */
async function setManagers(tx: Db, changes: { id: number; managerId: number | null }[], now: Date) {
  for (const chunk of chunks(changes)) {
    const values = sql.join(
      chunk.map((change) => sql`(${change.id}::int, ${change.managerId}::int)`),
      sql`, `,
    );
    await tx.execute(sql`
      update members set manager_id = v.manager_id, updated_at = ${now.toISOString()}::timestamptz
      from (values ${values}) as v(id, manager_id)
      where members.id = v.id`);
  }
}

function managerChanges(
  inputs: MemberInput[],
  lines: Map<string, string | null>,
  existing: Map<string, MemberRow>,
  ids: Map<string, number>,
): { key: string; id: number; managerId: number | null }[] {
  const changes: { key: string; id: number; managerId: number | null }[] = [];
  for (const input of inputs) {
    const managerKey = lines.get(input.key) ?? null;
    const managerId = managerKey === null ? null : ids.get(managerKey)!;
    const current = existing.get(input.key)?.managerId ?? null;
    if (managerId !== current) changes.push({ key: input.key, id: ids.get(input.key)!, managerId });
  }
  return changes;
}

/** Upserts members by (platform, user_id); all rows are checked before anything is written, in one transaction. */
export async function importMembers(
  db: Db,
  csvText: string,
  options: MemberImportOptions,
): Promise<ImportResult> {
  const { now, onProgress } = options;
  const table = readTable(csvText, MEMBER_COLUMNS);
  const inputs = validated(table.records, (record) => parseMemberRecord(table, record), onProgress);
  rejectDuplicates(inputs, (input) => `member ${input.platform} ${input.userId}`);
  const platforms = PLATFORMS.filter((platform) => inputs.some((input) => input.platform === platform));

  return db.transaction(async (tx) => {
    const stored = await loadMembers(tx, platforms);
    const lines = reportingLines(inputs, stored);
    checkManagersExist(inputs, lines);
    checkNoCycles(inputs, lines);

    const existing = new Map(stored.map((row) => [memberKey(row.platform, row.userId), row]));
    const ids = new Map(stored.map((row) => [memberKey(row.platform, row.userId), row.id]));
    const plan = planMembers(inputs, existing, now);
    const writer = writeProgress(onProgress, plan.upserts.length);
    await upsertMembers(tx, plan.upserts, ids, writer);
    const changes = managerChanges(inputs, lines, existing, ids);
    await setManagers(tx, changes, now);

    for (const change of changes) if (existing.has(change.key)) plan.updated.add(change.key);
    const result = summarize(inputs.length, plan.inserted, plan.updated.size);
    await audit(tx, [
      { at: now, actorId: null, action: 'member.imported', entity: 'member', entityId: 0, after: result },
    ]);
    return result;
  });
}

function summarize(rows: number, inserted: number, updated: number): ImportResult {
  return { rows, inserted, updated, unchanged: rows - inserted - updated };
}

function writeProgress(onProgress: ImportProgress | undefined, total: number): () => void {
  let done = 0;
  return () => {
    done = Math.min(total, done + CHUNK);
    onProgress?.({ phase: 'writing', done, total });
  };
}

// ---------------------------------------------------------------------------------------------
// Customers

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
type Owner = Pick<MemberRow, 'id' | 'platform' | 'userId' | 'active'>;

function parseCustomerRecord(table: Table, record: CsvRecord): CustomerInput {
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

async function loadOwners(tx: Db, userIds: string[]): Promise<Map<string, Owner[]>> {
  const owners = new Map<string, Owner[]>();
  for (const chunk of chunks(userIds)) {
    const rows = await tx
      .select({ id: members.id, platform: members.platform, userId: members.userId, active: members.active })
      .from(members)
      .where(inArray(members.userId, chunk));
    for (const row of rows) owners.set(row.userId, [...(owners.get(row.userId) ?? []), row]);
  }
  return owners;
}

function resolveOwner(input: CustomerInput, owners: Map<string, Owner[]>): number {
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
  return owner.id;
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

function customerValues(
  input: CustomerInput,
  ownerId: number,
  current: CustomerRow | undefined,
  today: string,
  now: Date,
) {
  const values: CustomerValues = {
    name: input.name,
    nameKey: input.key,
    tier: input.tier,
    status: input.status ?? current?.status ?? 'prospect',
    ownerId,
    stage: input.stage ?? current?.stage ?? null,
    lastVisitOn: current?.lastVisitOn ?? null,
    // Never-visited customers are due from the day they were assigned.
    nextFollowUpOn: input.nextFollowUp ?? (current ? current.nextFollowUpOn : today),
    assignedOn: current && current.ownerId === ownerId ? current.assignedOn : today,
    createdAt: now,
    updatedAt: now,
  };
  return values;
}

function customerChanged(values: CustomerValues, current: CustomerRow): boolean {
  return (
    values.name !== current.name ||
    values.tier !== current.tier ||
    values.status !== current.status ||
    values.ownerId !== current.ownerId ||
    values.stage !== current.stage ||
    values.nextFollowUpOn !== current.nextFollowUpOn
  );
}

async function upsertCustomers(tx: Db, rows: CustomerValues[], progress: () => void): Promise<void> {
  for (const chunk of chunks(rows)) {
    await tx
      .insert(customers)
      .values(chunk)
      .onConflictDoUpdate({
        target: customers.nameKey,
        set: {
          name: excluded('name'),
          tier: excluded('tier'),
          status: excluded('status'),
          ownerId: excluded('owner_id'),
          stage: excluded('stage'),
          nextFollowUpOn: excluded('next_follow_up_on'),
          assignedOn: excluded('assigned_on'),
          updatedAt: excluded('updated_at'),
        },
      });
    progress();
  }
}

/**
 * Upserts customers by normalized name. A new customer is assigned today (in `defaultTimezone`) and
 * is due for follow-up from then; a change of owner re-dates the assignment.
 */
export async function importCustomers(
  db: Db,
  csvText: string,
  options: CustomerImportOptions,
): Promise<ImportResult> {
  const { now, onProgress } = options;
  const today = localDate(now, options.defaultTimezone);
  const table = readTable(csvText, CUSTOMER_COLUMNS);
  const inputs = validated(table.records, (record) => parseCustomerRecord(table, record), onProgress);
  rejectDuplicates(inputs, (input) => `customer name "${input.name}"`);

  return db.transaction(async (tx) => {
    const owners = await loadOwners(tx, [...new Set(inputs.map((input) => input.ownerUserId))]);
    const ownerIds = inputs.map((input) => resolveOwner(input, owners));
    const existing = await loadCustomers(
      tx,
      inputs.map((input) => input.key),
    );
    let inserted = 0;
    let updated = 0;
    const upserts: CustomerValues[] = [];
    inputs.forEach((input, index) => {
      const current = existing.get(input.key);
      const values = customerValues(input, ownerIds[index]!, current, today, now);
      if (!current) inserted++;
      else if (customerChanged(values, current)) updated++;
      else return;
      upserts.push(values);
    });
    await upsertCustomers(tx, upserts, writeProgress(onProgress, upserts.length));
    const result = summarize(inputs.length, inserted, updated);
    await audit(tx, [
      { at: now, actorId: null, action: 'customer.imported', entity: 'customer', entityId: 0, after: result },
    ]);
    return result;
  });
}
