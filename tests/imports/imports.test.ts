/**
 * CSV imports against a real database (PGlite, or Postgres when DATABASE_URL is set): upserts by
 * natural key, row-numbered rejections that leave the database untouched, and the CSV edge cases
 * spreadsheets produce.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../src/app/imports/csv.ts';
import { exportCsv } from '../../src/app/imports/export-csv.ts';
import { importCustomers } from '../../src/app/imports/import-customers.ts';
import { importMembers } from '../../src/app/imports/import-members.ts';
import { ImportError } from '../../src/app/imports/import-table.ts';
import type { Db } from '../../src/db/client.ts';
import { auditLog, customers, members } from '../../src/db/schema.ts';
import { normalizeName } from '../../src/domain/customer-match.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const NOW = new Date('2026-11-22T20:00:00Z');
// 20:00 UTC is already the next day in Shanghai: assigned_on must follow the default zone.
const TODAY_SHANGHAI = '2026-11-23';
const NEXT_WORKING_DAY_SHANGHAI = '2026-11-24'; // Monday 23rd → Tuesday
const ZONE = 'Asia/Shanghai';

const MEMBERS_HEADER = 'platform,user_id,name,role,manager_user_id,timezone,locale,email';
const TEAM = [
  MEMBERS_HEADER,
  'slack,U1,Alice Rep,rep,U2,Asia/Shanghai,zh,alice@example.com',
  'slack,U2,Bob Supervisor,supervisor,U3,,en-US,',
  'slack,U3,Carol Director,director,,America/New_York,en,carol@example.com',
  'lark,ou_1,王小明,rep,ou_2,,zh-cn,',
  'lark,ou_2,李经理,supervisor,,,zh-CN,',
].join('\n');

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
}, 60_000);

afterAll(async () => {
  await testDb?.drop();
});

beforeEach(async () => {
  await db.execute(sql`truncate customers, members, audit_log restart identity cascade`);
});

async function counts() {
  const [row] = await db
    .select({
      members: sql<number>`(select count(*)::int from members)`,
      customers: sql<number>`(select count(*)::int from customers)`,
      audits: sql<number>`(select count(*)::int from audit_log)`,
    })
    .from(sql`(select 1) as one`);
  return row!;
}

async function memberByUserId(userId: string) {
  const [row] = await db.select().from(members).where(eq(members.userId, userId));
  return row!;
}

async function customerByName(name: string) {
  const [row] = await db.select().from(customers).where(eq(customers.name, name));
  return row!;
}

/** Runs an import expected to fail; returns the error after checking nothing was written. */
async function rejected(run: () => Promise<unknown>): Promise<ImportError> {
  const before = await counts();
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportError);
  expect(await counts()).toEqual(before);
  return error as ImportError;
}

const members$ = (text: string) => importMembers(db, text, { now: NOW });
const customers$ = (text: string, now = NOW) => importCustomers(db, text, { now, defaultTimezone: ZONE });

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes, embedded newlines, CRLF and a BOM', () => {
    const text = '\uFEFFa,b,c\r\n"Acme, Inc.","say ""hi""","two\r\nlines"\r\n\r\nx,,z\r\n\r\n';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['Acme, Inc.', 'say "hi"', 'two\r\nlines'] },
      { row: 4, fields: ['x', '', 'z'] },
    ]);
  });

  it('keeps a trailing empty field and handles a file without a final newline', () => {
    expect(parseCsv('a,\nb,""')).toEqual([
      { row: 1, fields: ['a', ''] },
      { row: 2, fields: ['b', ''] },
    ]);
  });

  it('returns nothing for an empty file', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF\n\n')).toEqual([]);
  });

  it('rejects an unclosed quote and text after a closing quote, with the row', () => {
    expect(() => parseCsv('a\n"never closed\n')).toThrow(CsvError);
    expect(() => parseCsv('a\n"never closed\n')).toThrow('row 2:');
    expect(() => parseCsv('a\nb\n"x"y\n')).toThrow('row 3: unexpected text after a closing quote');
  });
});

describe('importMembers', () => {
  it('inserts a team with its reporting lines, normalizing locale and time zone', async () => {
    const result = await members$(TEAM);
    expect(result).toEqual({ rows: 5, inserted: 5, updated: 0, unchanged: 0 });

    const alice = await memberByUserId('U1');
    const bob = await memberByUserId('U2');
    const carol = await memberByUserId('U3');
    expect(alice).toMatchObject({
      platform: 'slack',
      name: 'Alice Rep',
      role: 'rep',
      managerId: bob.id,
      timezone: 'Asia/Shanghai',
      locale: 'zh-CN',
      email: 'alice@example.com',
      active: true,
    });
    expect(bob).toMatchObject({ managerId: carol.id, timezone: null, locale: 'en', email: null });
    expect(carol.managerId).toBeNull();
    const wang = await memberByUserId('ou_1');
    expect(wang).toMatchObject({ platform: 'lark', name: '王小明', locale: 'zh-CN' });
    expect(wang.managerId).toBe((await memberByUserId('ou_2')).id);

    const audits = await db.select().from(auditLog);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: 'member.imported',
      entity: 'member',
      entityId: 0,
      actorId: null,
    });
    expect(audits[0]!.after).toEqual(result);
  });

  it('is idempotent: a second run changes nothing', async () => {
    await members$(TEAM);
    const before = await db.select().from(members).orderBy(asc(members.id));
    const again = await members$(TEAM);
    expect(again).toEqual({ rows: 5, inserted: 0, updated: 0, unchanged: 5 });
    expect(await db.select().from(members).orderBy(asc(members.id))).toEqual(before);
    expect((await counts()).members).toBe(5);
  });

  it('updates changed fields and reporting lines, and counts each member once', async () => {
    await members$(TEAM);
    const changed = TEAM.replace('slack,U1,Alice Rep,rep,U2', 'slack,U1,Alice Senior,supervisor,U3').replace(
      'lark,ou_1,王小明,rep,ou_2',
      'lark,ou_1,王小明,rep,',
    );
    const later = new Date('2026-11-25T00:00:00Z');
    const result = await importMembers(db, changed, { now: later });
    expect(result).toEqual({ rows: 5, inserted: 0, updated: 2, unchanged: 3 });
    const alice = await memberByUserId('U1');
    expect(alice).toMatchObject({
      name: 'Alice Senior',
      role: 'supervisor',
      managerId: (await memberByUserId('U3')).id,
    });
    expect(alice.updatedAt).toEqual(later);
    expect((await memberByUserId('ou_1')).managerId).toBeNull();
    expect((await memberByUserId('U2')).updatedAt).toEqual(NOW);
  });

  it('keeps stored values for columns the file does not have, and clears them for empty cells', async () => {
    await members$(TEAM);
    await members$('platform,user_id,name,role\nslack,U1,Alice Rep,rep');
    expect(await memberByUserId('U1')).toMatchObject({
      email: 'alice@example.com',
      timezone: 'Asia/Shanghai',
    });
    await members$('user_id,platform,role,name,email\nU1,slack,rep,Alice Rep,');
    expect((await memberByUserId('U1')).email).toBeNull();
  });

  it('accepts a manager already in the database and reactivates deactivated members', async () => {
    await members$(TEAM);
    await db.update(members).set({ active: false }).where(eq(members.userId, 'U1'));
    const result = await members$(
      `${MEMBERS_HEADER}\nslack,U1,Alice Rep,rep,U2,Asia/Shanghai,zh,alice@example.com`,
    );
    expect(result).toEqual({ rows: 1, inserted: 0, updated: 1, unchanged: 0 });
    expect((await memberByUserId('U1')).active).toBe(true);
    await members$(`${MEMBERS_HEADER}\nslack,U9,New Rep,rep,U2,,,`);
    expect((await memberByUserId('U9')).managerId).toBe((await memberByUserId('U2')).id);
  });

  it('reads a file with a BOM, CRLF line ends, columns in any order, extra columns and trailing blank lines', async () => {
    const text =
      '\uFEFFname,user_id,team,platform,role\r\n"Zhang, San",U7,east,slack,REP\r\n张三丰,U8,,slack,admin\r\n\r\n\r\n';
    expect(await members$(text)).toEqual({ rows: 2, inserted: 2, updated: 0, unchanged: 0 });
    expect(await memberByUserId('U7')).toMatchObject({ name: 'Zhang, San', role: 'rep' });
    expect(await memberByUserId('U8')).toMatchObject({ name: '张三丰', role: 'admin' });
  });

  describe('rejects the whole file with the row and reason, writing nothing', () => {
    const cases: { title: string; csv: string; row: number; reason: RegExp }[] = [
      {
        title: 'an unknown role',
        csv: `${MEMBERS_HEADER}\nslack,U1,A,rep,,,,\nslack,U2,B,boss,,,,`,
        row: 3,
        reason: /^unknown role "boss" \(use rep, supervisor, director, admin\)$/,
      },
      {
        title: 'an unknown manager',
        csv: `${MEMBERS_HEADER}\nslack,U1,A,rep,U404,,,`,
        row: 2,
        reason: /unknown manager "U404"/,
      },
      {
        title: 'a manager on another platform',
        csv: `${MEMBERS_HEADER}\nlark,ou_9,A,supervisor,,,,\nslack,U1,B,rep,ou_9,,,`,
        row: 3,
        reason: /unknown manager "ou_9": no slack member/,
      },
      {
        title: 'a reporting cycle',
        csv: `${MEMBERS_HEADER}\nslack,U1,A,rep,U2,,,\nslack,U2,B,supervisor,U1,,,`,
        row: 3,
        reason: /reporting cycle: U2 → U1 → U2/,
      },
      {
        title: 'a member managing themself',
        csv: `${MEMBERS_HEADER}\nslack,U1,A,rep,,,,\nslack,U2,B,rep,U2,,,`,
        row: 3,
        reason: /reporting cycle: U2 → U2/,
      },
      {
        title: 'an unknown time zone',
        csv: `${MEMBERS_HEADER}\nslack,U1,A,rep,,,,\nslack,U2,B,rep,,Mars/Olympus,,`,
        row: 3,
        reason: /unknown timezone "Mars\/Olympus"/,
      },
      {
        title: 'an unknown locale',
        csv: `${MEMBERS_HEADER}\nslack,U1,A,rep,,,fr,`,
        row: 2,
        reason: /unknown locale "fr"/,
      },
      {
        title: 'a bad email',
        csv: `${MEMBERS_HEADER}\nslack,U1,A,rep,,,,not-an-email`,
        row: 2,
        reason: /invalid email/,
      },
      {
        title: 'an unknown platform',
        csv: `${MEMBERS_HEADER}\nteams,U1,A,rep,,,,`,
        row: 2,
        reason: /unknown platform "teams"/,
      },
      {
        title: 'an empty name',
        csv: `${MEMBERS_HEADER}\nslack,U1,  ,rep,,,,`,
        row: 2,
        reason: /^name is empty$/,
      },
      {
        title: 'a new member without a role',
        csv: 'platform,user_id,name\nslack,U1,A',
        row: 2,
        reason: /^name and role are required for a new member$/,
      },
      {
        title: 'the same member twice',
        csv: `${MEMBERS_HEADER}\nslack,U1,A,rep,,,,\nslack,U2,B,rep,,,,\nslack,U1,A2,rep,,,,`,
        row: 4,
        reason: /duplicate member slack U1 \(already on row 2\)/,
      },
      {
        title: 'an unquoted comma that shifts the row',
        csv: 'platform,user_id,name,role\nslack,U1,Zhang, San,rep',
        row: 2,
        reason: /5 values but the header has 4 columns/,
      },
      {
        title: 'an unclosed quote',
        csv: `${MEMBERS_HEADER}\nslack,U1,"A,rep,,,,`,
        row: 2,
        reason: /never closed/,
      },
      { title: 'an empty file', csv: '', row: 1, reason: /the file is empty/ },
      {
        title: 'a NUL character, which Postgres cannot store',
        csv: `${MEMBERS_HEADER}\nslack,U1,A,rep,,,,\nslack,U2,B\u0000,rep,,,,`,
        row: 3,
        reason: /NUL character \(U\+0000\).*CSV UTF-8/,
      },
    ];

    for (const { title, csv, row, reason } of cases) {
      it(title, async () => {
        await members$(`${MEMBERS_HEADER}\nslack,U100,Existing,rep,,,,`);
        const error = await rejected(() => members$(csv));
        expect(error.row).toBe(row);
        expect(error.reason).toMatch(reason);
        expect(error.message).toBe(`row ${row}: ${error.reason}`);
      });
    }

    it('a cycle through a member already in the database', async () => {
      await members$(TEAM);
      const error = await rejected(() =>
        members$(`${MEMBERS_HEADER}\nslack,U3,Carol Director,director,U1,,,`),
      );
      expect(error.row).toBe(2);
      expect(error.reason).toMatch(/reporting cycle: U3 → U1 → U2 → U3/);
    });

    it('counts spreadsheet rows, not lines, after a value spanning lines', async () => {
      const csv = `${MEMBERS_HEADER}\nslack,U1,"Two\nLines",rep,,,,\nslack,U2,B,boss,,,,`;
      const error = await rejected(() => members$(csv));
      expect(error.row).toBe(3);
    });
  });
});

describe('importCustomers', () => {
  const HEADER = 'name,tier,owner_user_id,status';

  beforeEach(async () => {
    await members$(TEAM);
  });

  it('calls back a customer just won on the next working day, and counts the win as progress', async () => {
    await customers$(`${HEADER}\nGlobex,B,U1,prospect`);
    const before = await customerByName('Globex');
    expect(before.lastProgressOn).toBeNull();
    expect(await customers$(`${HEADER}\nGlobex,B,U1,active`)).toMatchObject({ updated: 1 });
    const won = await customerByName('Globex');
    expect(won.status).toBe('active');
    expect(won.lastProgressOn).toBe(TODAY_SHANGHAI);
    expect(won.nextFollowUpOn).toBe(NEXT_WORKING_DAY_SHANGHAI);
    expect(await customers$(`${HEADER}\nGlobex,B,U1,active`)).toMatchObject({ unchanged: 1 });
  });

  it('inserts customers with quoted and Chinese names, assigned today and first due the next working day in the default zone', async () => {
    const csv = [
      `${HEADER},stage,next_follow_up`,
      '"Acme, Inc.",A,U1,active,relationship,',
      '"华为技术有限公司",b,ou_1,,,2026-12-01',
      '"The ""Best"" Co",C,U2,prospect,,',
    ].join('\n');
    expect(await customers$(csv)).toEqual({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });

    const acme = await customerByName('Acme, Inc.');
    expect(acme).toMatchObject({
      nameKey: 'acme, inc.',
      tier: 'A',
      status: 'active',
      ownerId: (await memberByUserId('U1')).id,
      stage: 'relationship',
      assignedOn: TODAY_SHANGHAI,
      nextFollowUpOn: NEXT_WORKING_DAY_SHANGHAI,
      lastVisitOn: null,
    });
    expect(await customerByName('华为技术有限公司')).toMatchObject({
      tier: 'B',
      status: 'prospect',
      ownerId: (await memberByUserId('ou_1')).id,
      nextFollowUpOn: '2026-12-01',
    });
    expect((await customerByName('The "Best" Co')).nameKey).toBe('the "best" co');
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.entity, 'customer'));
    expect(audit).toMatchObject({
      action: 'customer.imported',
      entityId: 0,
      after: { rows: 3, inserted: 3 },
    });
  });

  it('is idempotent: a second run changes nothing', async () => {
    const csv = `${HEADER}\nAcme,A,U1,active\n华为,B,ou_1,`;
    await customers$(csv);
    const before = await db.select().from(customers).orderBy(asc(customers.id));
    expect(await customers$(csv, new Date('2026-12-10T00:00:00Z'))).toEqual({
      rows: 2,
      inserted: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(await db.select().from(customers).orderBy(asc(customers.id))).toEqual(before);
  });

  it('updates by normalized name; a new owner re-dates the assignment and is due their next working day', async () => {
    await customers$(`${HEADER}\nAcme Inc,A,U1,active\nGlobex,B,U1,active`);
    const later = new Date('2026-12-10T03:00:00Z');
    const result = await customers$(`${HEADER}\n  ACME   inc ,B,U1,active\nGlobex,B,U2,`, later);
    expect(result).toEqual({ rows: 2, inserted: 0, updated: 2, unchanged: 0 });
    expect(await customerByName('ACME   inc')).toMatchObject({ tier: 'B', assignedOn: TODAY_SHANGHAI });
    expect(await customerByName('Globex')).toMatchObject({
      ownerId: (await memberByUserId('U2')).id,
      status: 'active',
      assignedOn: '2026-12-10',
      nextFollowUpOn: '2026-12-11', // Thursday 10th → Friday, not the date Alice had
    });
    // Acme kept its owner, and its date.
    expect((await customerByName('ACME   inc')).nextFollowUpOn).toBe(NEXT_WORKING_DAY_SHANGHAI);
    expect((await counts()).customers).toBe(2);
  });

  it('uses the platform column to pick between members with the same user_id', async () => {
    await members$(`${MEMBERS_HEADER}\nlark,U1,Alice on Lark,rep,,,,`);
    await expect(customers$(`${HEADER}\nAcme,A,U1,active`)).rejects.toThrow(/add a platform column/);
    await customers$(`${HEADER},platform\nAcme,A,U1,active,lark`);
    const [lark] = await db.select().from(members).where(eq(members.name, 'Alice on Lark'));
    expect((await customerByName('Acme')).ownerId).toBe(lark!.id);
  });

  it('imports 50,000 rows in batches', async () => {
    const rows = Array.from(
      { length: 50_000 },
      (_, i) => `"Customer ${i}, Ltd",${'ABCD'[i % 4]},U${(i % 3) + 1},active`,
    );
    // Its speed is measured by `npm run bench:import` (BENCHMARKS.md), not here.
    const result = await customers$(`${HEADER}\r\n${rows.join('\r\n')}\r\n`);
    expect(result).toEqual({ rows: 50_000, inserted: 50_000, updated: 0, unchanged: 0 });
    expect((await counts()).customers).toBe(50_000);
  }, 120_000);

  describe('rejects the whole file with the row and reason, writing nothing', () => {
    const cases: { title: string; csv: string; row: number; reason: RegExp }[] = [
      {
        title: 'an unknown tier',
        csv: `${HEADER}\nAcme,A,U1,\nGlobex,E,U1,`,
        row: 3,
        reason: /unknown tier "E" \(use A, B, C, D\)/,
      },
      { title: 'an unknown owner', csv: `${HEADER}\nAcme,A,U404,`, row: 2, reason: /unknown owner "U404"/ },
      {
        title: 'an unknown status',
        csv: `${HEADER}\nAcme,A,U1,sleeping`,
        row: 2,
        reason: /unknown status "sleeping"/,
      },
      {
        title: 'an unknown stage',
        csv: `${HEADER},stage\nAcme,A,U1,,closing`,
        row: 2,
        reason: /unknown stage "closing"/,
      },
      {
        title: 'a bad follow-up date',
        csv: `${HEADER},next_follow_up\nAcme,A,U1,,2026-02-30`,
        row: 2,
        reason: /invalid next_follow_up "2026-02-30"/,
      },
      {
        title: 'a missing column',
        csv: 'name,tier,status\nAcme,A,active',
        row: 1,
        reason: /"owner_user_id"/,
      },
      {
        title: 'a duplicate name (after normalizing)',
        csv: `${HEADER}\nAcme Inc,A,U1,\nGlobex,B,U1,\nACME  INC,C,U2,`,
        row: 4,
        reason: /duplicate customer name "ACME {2}INC" \(already on row 2\)/,
      },
      {
        title: 'an owner on the wrong platform',
        csv: `${HEADER},platform\nAcme,A,U1,,lark`,
        row: 2,
        reason: /no member on lark/,
      },
    ];

    for (const { title, csv, row, reason } of cases) {
      it(title, async () => {
        const error = await rejected(() => customers$(csv));
        expect(error.row).toBe(row);
        expect(error.reason).toMatch(reason);
      });
    }

    it('a deactivated owner', async () => {
      await db.update(members).set({ active: false }).where(eq(members.userId, 'U2'));
      const error = await rejected(() => customers$(`${HEADER}\nAcme,A,U1,\nGlobex,B,U2,`));
      expect(error).toMatchObject({ row: 3, reason: expect.stringMatching(/deactivated/) });
    });
  });
});

describe('importCustomers streamed from a file', () => {
  const HEADER = 'name,tier,owner_user_id,status';
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accountdesk-stream-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    await members$(TEAM);
  });

  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return { file: path };
  };

  it('imports thousands of rows across batches, with a value spanning lines and blank lines counted as rows', async () => {
    const rows = Array.from({ length: 2600 }, (_, i) => `Stream ${i},C,U1,prospect`);
    rows.splice(1500, 0, '"Two\nLines Ltd",B,U1,active', '');
    const source = await write('many.csv', `\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\n`);
    const result = await importCustomers(db, source, { now: NOW, defaultTimezone: ZONE });
    expect(result).toEqual({ rows: 2601, inserted: 2601, updated: 0, unchanged: 0 });
    expect((await customerByName('Two\nLines Ltd')).tier).toBe('B');
    // Read again: nothing changes.
    expect(await importCustomers(db, source, { now: NOW, defaultTimezone: ZONE })).toMatchObject({
      unchanged: 2601,
    });
  });

  it('rejects the whole file at a bad row far into it, by spreadsheet row, and writes nothing', async () => {
    const rows = Array.from({ length: 2400 }, (_, i) => `Late ${i},C,U1,prospect`);
    rows.push('Late bad,Z,U1,prospect');
    const source = await write('late-bad.csv', `${HEADER}\n${rows.join('\n')}\n`);
    const error = await rejected(() => importCustomers(db, source, { now: NOW, defaultTimezone: ZONE }));
    expect(error.row).toBe(2402);
    expect(error.reason).toMatch(/unknown tier "Z"/);
  });

  it('refuses a NUL character at its row instead of a database error, and writes nothing', async () => {
    const source = await write('nul.csv', `${HEADER}\nClean Co,B,U1,active\nNul\u0000 Co,B,U1,active\n`);
    const error = await rejected(() => importCustomers(db, source, { now: NOW, defaultTimezone: ZONE }));
    expect(error.row).toBe(3);
    expect(error.reason).toMatch(/NUL character/);
    expect(await customerByName('Clean Co')).toBeUndefined();
  });

  it('rolls back the rows already written when an owner is unknown in a later batch', async () => {
    const rows = Array.from({ length: 2100 }, (_, i) => `Owned ${i},C,U1,prospect`);
    rows.push('Orphan Ltd,C,U404,prospect');
    const source = await write('late-owner.csv', `${HEADER}\n${rows.join('\n')}\n`);
    const error = await rejected(() => importCustomers(db, source, { now: NOW, defaultTimezone: ZONE }));
    expect(error.row).toBe(2102);
    expect(error.reason).toMatch(/unknown owner "U404"/);
  });

  it('names the row of a quote that is never closed', async () => {
    const source = await write('open-quote.csv', `${HEADER}\nAcme,A,U1,\n"Never closed,B,U1,\n`);
    const error = await rejected(() => importCustomers(db, source, { now: NOW, defaultTimezone: ZONE }));
    expect(error.row).toBe(3);
    expect(error.reason).toMatch(/never closed/);
  });
});

describe('exportCsv', () => {
  it('reads the next page only once the writer has taken the last one (back-pressure)', async () => {
    await members$(TEAM);
    const rows = Array.from({ length: 5200 }, (_, i) => `Paged ${i},C,U1,prospect`);
    await customers$(`name,tier,owner_user_id,status\n${rows.join('\n')}`);
    const pages: string[] = [];
    let release: () => void = () => {};
    const exporting = exportCsv(db, 'customers', (chunk) => {
      pages.push(chunk);
      // The first page (5,000 rows) is held: a full pipe that has not drained yet.
      return pages.length === 1 ? new Promise<void>((resolve) => (release = resolve)) : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pages).toHaveLength(1);
    release();
    const exported = await exporting;
    expect(exported).toBeGreaterThanOrEqual(5200);
    expect(pages.length).toBeGreaterThan(1);
    expect(
      pages
        .join('')
        .split('\r\n')
        .filter((line) => line.startsWith('Paged ')),
    ).toHaveLength(5200);
  });
});

describe('formula-like cells (CSV injection)', () => {
  it('are exported behind a quote and imported back to the letter', async () => {
    await members$(TEAM);
    const names = ["=cmd|' /C calc'!A0", '+86 Trading', '-Minus Corp', '@Sign Ltd', 'Plain Co'];
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    await customers$(
      `name,tier,owner_user_id,status\n${names.map((n) => `${quote(n)},C,U1,prospect`).join('\n')}`,
    );
    // A name that already starts with a quote and a formula character (not from a file: an import
    // takes that quote off).
    const quoted = "'=Already quoted";
    await db.execute(
      sql`update customers set name = ${quoted}, name_key = ${normalizeName(quoted)} where name = 'Plain Co'`,
    );
    await customers$('name,tier,owner_user_id,status\nPlain Co,C,U1,prospect');
    names.push(quoted);

    let exported = '';
    await exportCsv(db, 'customers', (chunk) => {
      exported += chunk;
    });
    const lines = exported.split('\r\n');
    // What a spreadsheet opens: no cell starts with a formula character.
    for (const start of [
      "'=cmd|' /C calc'!A0,",
      "'+86 Trading,",
      "'-Minus Corp,",
      "'@Sign Ltd,",
      "''=Already quoted,",
      'Plain Co,',
    ])
      expect(
        lines.some((line) => line.startsWith(start)),
        start,
      ).toBe(true);
    // Imported back: every name is unchanged, so nothing is updated.
    expect(await customers$(exported)).toMatchObject({ inserted: 0, updated: 0 });
    for (const name of names) expect((await customerByName(name)).name).toBe(name);
  });
});
