/** The members file: who is on the team, their role, manager, zone and language (README, "CSV import"). */
import { inArray, sql } from 'drizzle-orm';
import { type Locale, localeSchema, timeZoneSchema } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { members } from '../../db/schema.ts';
import { parseRole, ROLES, type Role } from '../../domain/vocabulary.ts';
import type { Platform } from '../context.ts';
import type { CsvRecord } from './csv.ts';
import {
  chunks,
  differsIn,
  ImportError,
  type ImportProgress,
  type ImportResult,
  optionalCell,
  parseEmail,
  parsePlatform,
  planUpserts,
  platformsIn,
  readTable,
  recordImport,
  rejectDuplicates,
  requiredCell,
  type Table,
  takeFromFile,
  validated,
  writeInChunks,
} from './import-table.ts';

export type MemberImportOptions = {
  now: Date;
  onProgress?: ImportProgress;
  /** Told, after the import, who has status `left`: their book is then handed over. */
  onLeaving?: (leaving: { platform: Platform; userId: string }[]) => void;
};

/** name and role are needed for a new member only: a file updating people may carry just `status`. */
const MEMBER_COLUMNS = ['platform', 'user_id'] as const;

type MemberInput = {
  row: number;
  key: string;
  platform: Platform;
  userId: string;
  name: string | undefined;
  role: Role | undefined;
  /** `left`: hand their book over (README, "A rep leaves"); absent: a new member is active, others stay as they are. */
  status: 'active' | 'left' | undefined;
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
  // Present columns must be filled; absent ones (a file that only updates people) keep what is stored.
  const cell = (name: string) => (table.columns.has(name) ? requiredCell(table, record, name) : undefined);
  const roleText = cell('role');
  const role = roleText === undefined ? undefined : parseRole(roleText);
  if (roleText !== undefined && !role)
    throw new ImportError(row, `unknown role "${roleText}" (use ${ROLES.join(', ')})`);
  const statusText = optionalCell(table, record, 'status')?.toLowerCase() || undefined;
  if (statusText !== undefined && statusText !== 'active' && statusText !== 'left')
    throw new ImportError(row, `unknown status "${statusText}" (use active or left)`);
  return {
    row,
    key: memberKey(platform, userId),
    platform,
    userId,
    name: cell('name'),
    role: role ?? undefined,
    status: statusText,
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
  if (!current && (!input.name || !input.role))
    throw new ImportError(input.row, 'name and role are required for a new member');
  const keep = <T>(value: T | undefined, stored: T | null | undefined) =>
    value === undefined ? (stored ?? null) : value;
  return {
    platform: input.platform,
    userId: input.userId,
    name: input.name ?? current?.name ?? '',
    role: input.role ?? (current?.role as Role),
    timezone: keep(input.timezone, current?.timezone),
    locale: keep(input.locale, current?.locale),
    email: keep(input.email, current?.email),
    // A row makes its member active, as it always has — except `left`: the hand-over that follows
    // the import takes them out itself (cli/import.ts).
    active: input.status === 'left' && current ? current.active : true,
    createdAt: now,
    updatedAt: now,
  };
}

const MEMBER_FIELDS = ['name', 'role', 'timezone', 'locale', 'email', 'active'] as const;
const memberChanged = differsIn<MemberValues, MemberRow>(MEMBER_FIELDS);

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
          set: takeFromFile(members, [...MEMBER_FIELDS, 'updatedAt']),
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
  const platforms = platformsIn(inputs);

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
    const result = await recordImport(tx, inputs.length, plan, {
      at: now,
      action: 'member.imported',
      entity: 'member',
    });
    const leaving = inputs.filter((input) => input.status === 'left');
    options.onLeaving?.(leaving.map(({ platform, userId }) => ({ platform, userId })));
    return result;
  });
}
