import { inArray, sql } from 'drizzle-orm';
import { type Locale, localeSchema, timeZoneSchema } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { customers, members } from '../../db/schema.ts';
import { normalizeName } from '../../domain/customer-match.ts';
import { isValidIsoDate, localDate } from '../../domain/dates.ts';
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
} from '../../domain/vocabulary.ts';
import { nextWorkingDate } from '../../domain/working-time.ts';
import { audit } from '../audit.ts';
import type { Platform } from '../context.ts';
import { calendarOf, loadSettings } from '../members/team-settings.ts';
import type { CsvRecord } from './csv.ts';
import {
  cell,
  chunks,
  excluded,
  ImportError,
  type ImportProgress,
  type ImportResult,
  optionalCell,
  parseEmail,
  planUpserts,
  readTable,
  rejectDuplicates,
  requiredCell,
  summarize,
  type Table,
  validated,
  writeInChunks,
} from './import-table.ts';

export { ImportError, type ImportProgress, type ImportResult };

export type MemberImportOptions = { now: Date; onProgress?: ImportProgress };
export type CustomerImportOptions = { now: Date; defaultTimezone: string; onProgress?: ImportProgress };

const PLATFORMS: readonly Platform[] = ['slack', 'lark'];
const MEMBER_COLUMNS = ['platform', 'user_id', 'name', 'role'] as const;
const CUSTOMER_COLUMNS = ['name', 'tier', 'owner_user_id', 'status'] as const;

function parsePlatform(value: string, row: number): Platform {
  const platform = PLATFORMS.find((item) => item === value.toLowerCase());
  if (!platform) throw new ImportError(row, `unknown platform "${value}" (use ${PLATFORMS.join(' or ')})`);
  return platform;
}

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

function planMembers(inputs: MemberInput[], existing: Map<string, MemberRow>, now: Date) {
  return planUpserts(
    inputs,
    (input) => existing.get(input.key),
    (input, current) => memberValues(input, current, now),
    memberChanged,
  );
}

async function upsertMembers(
  tx: Db,
  rows: MemberValues[],
  ids: Map<string, number>,
  onProgress?: ImportProgress,
): Promise<void> {
  await writeInChunks(
    rows,
    async (chunk) => {
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
    },
    onProgress,
  );
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
    await upsertMembers(tx, plan.upserts, ids, onProgress);
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
  nextWorkingDay: string,
) {
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
    // Never-visited customers are due from the day they were assigned.
    nextFollowUpOn: input.nextFollowUp ?? (won ? nextWorkingDay : current ? current.nextFollowUpOn : today),
    lastProgressOn: won ? today : (current?.lastProgressOn ?? null),
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
    values.nextFollowUpOn !== current.nextFollowUpOn ||
    values.lastProgressOn !== current.lastProgressOn
  );
}

async function upsertCustomers(tx: Db, rows: CustomerValues[], onProgress?: ImportProgress): Promise<void> {
  await writeInChunks(
    rows,
    async (chunk) => {
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
            lastProgressOn: excluded('last_progress_on'),
            assignedOn: excluded('assigned_on'),
            updatedAt: excluded('updated_at'),
          },
        });
    },
    onProgress,
  );
}

/**
 * Upserts customers by normalized name. A new customer is assigned today (in `defaultTimezone`) and
 * is due for follow-up from then; a change of owner re-dates the assignment; a customer turning
 * `active` (won) is due again the next working day.
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
    const nextWorkingDay = nextWorkingDate(today, calendarOf(await loadSettings(tx)));
    const owners = await loadOwners(tx, [...new Set(inputs.map((input) => input.ownerUserId))]);
    const existing = await loadCustomers(
      tx,
      inputs.map((input) => input.key),
    );
    const plan = planUpserts(
      inputs,
      (input) => existing.get(input.key),
      (input, current) =>
        customerValues(input, resolveOwner(input, owners), current, today, now, nextWorkingDay),
      customerChanged,
    );
    await upsertCustomers(tx, plan.upserts, onProgress);
    const result = summarize(inputs.length, plan.inserted, plan.updated.size);
    await audit(tx, [
      { at: now, actorId: null, action: 'customer.imported', entity: 'customer', entityId: 0, after: result },
    ]);
    return result;
  });
}
