/**
 * contacts.csv against a real database (PGlite, or Postgres when DATABASE_URL is set): customers'
 * key people upserted by (customer, name), birthdays in the formats people type, and row-numbered
 * rejections that leave the database untouched.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importContacts, parseBirthday } from '../../src/app/imports/import-contacts.ts';
import { importCustomers } from '../../src/app/imports/import-customers.ts';
import { importMembers } from '../../src/app/imports/import-members.ts';
import { ImportError } from '../../src/app/imports/import-table.ts';
import type { Db } from '../../src/db/client.ts';
import { auditLog, contacts, customers } from '../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const NOW = new Date('2026-11-22T20:00:00Z');
const HEADER = 'customer,name,title,birthday,phone,email';

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
  await db.execute(sql`truncate contacts, customers, members, audit_log restart identity cascade`);
  await importMembers(db, 'platform,user_id,name,role\nslack,U1,Alice,rep', { now: NOW });
  await importCustomers(
    db,
    'name,tier,owner_user_id,status\n"Acme, Inc.",A,U1,active\n华为技术有限公司,B,U1,\nGlobex,C,U1,',
    { now: NOW, defaultTimezone: 'Asia/Shanghai' },
  );
});

const contacts$ = (text: string, now = NOW) => importContacts(db, text, { now });

async function customerId(name: string): Promise<number> {
  const [row] = await db.select({ id: customers.id }).from(customers).where(eq(customers.name, name));
  return row!.id;
}

async function contact(customer: string, name: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.customerId, await customerId(customer)), eq(contacts.name, name)));
  return row;
}

const allContacts = () => db.select().from(contacts).orderBy(asc(contacts.id));

async function counts() {
  const [row] = await db
    .select({
      contacts: sql<number>`(select count(*)::int from contacts)`,
      audits: sql<number>`(select count(*)::int from audit_log where action = 'contacts.imported')`,
    })
    .from(sql`(select 1) as one`);
  return row!;
}

/** Runs an import expected to fail; returns the error after checking nothing was written. */
async function rejected(csv: string): Promise<ImportError> {
  const before = await allContacts();
  const audits = (await counts()).audits;
  const error = await contacts$(csv).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportError);
  expect(await allContacts()).toEqual(before);
  expect((await counts()).audits).toBe(audits);
  return error as ImportError;
}

describe('parseBirthday', () => {
  it.each([
    ['1980-02-29', { monthDay: '02-29', year: 1980 }],
    ['1990-3-8', { monthDay: '03-08', year: 1990 }],
    ['03-08', { monthDay: '03-08', year: null }],
    ['02-29', { monthDay: '02-29', year: null }],
    ['3/8', { monthDay: '03-08', year: null }],
    ['12/31', { monthDay: '12-31', year: null }],
    ['1975/11/2', { monthDay: '11-02', year: 1975 }],
    ['3月8日', { monthDay: '03-08', year: null }],
    ['3月8号', { monthDay: '03-08', year: null }],
    ['1988年12月1日', { monthDay: '12-01', year: 1988 }],
    ['１２月２５日', { monthDay: '12-25', year: null }],
    [' 2000年 2月 29日 ', { monthDay: '02-29', year: 2000 }],
  ])('reads %s', (text, expected) => {
    expect(parseBirthday(text, NOW)).toEqual(expected);
  });

  it.each([
    ['02-30', 'February has no day 30'],
    ['13-01', 'there is no month 13'],
    ['0/5', 'there is no month 0'],
    ['4/31', 'April has no day 31'],
    ['2023-02-29', '2023 is not a leap year'],
    ['1900-02-29', '1900 is not a leap year'],
    ['2030-01-01', 'the year 2030 is not a plausible birth year'],
    ['1850-01-01', 'the year 1850 is not a plausible birth year'],
    ['next week', 'use YYYY-MM-DD, MM-DD, M/D, YYYY/M/D, M月D日 or YYYY年M月D日'],
    ['03-08-1990', 'use YYYY-MM-DD, MM-DD, M/D, YYYY/M/D, M月D日 or YYYY年M月D日'],
    ['1990-03', 'use YYYY-MM-DD, MM-DD, M/D, YYYY/M/D, M月D日 or YYYY年M月D日'],
  ])('rejects %s: %s', (text, reason) => {
    expect(parseBirthday(text, NOW)).toBe(reason);
  });
});

describe('importContacts', () => {
  const FILE = [
    `${HEADER},notes,extra`,
    '"Acme, Inc.",Jane Doe,CFO,1980-02-29," +1 (555) 010-0000 ",jane@acme.example,"Prefers email, not calls",x',
    '华为技术有限公司,张伟,采购总监,3月8日,138 0000 0000,,,',
    '"  ACME,   INC. ",王芳,,1990年12月1日,,,"Met at ""Expo"" 2025",',
  ].join('\n');

  it('inserts contacts matched to customers by normalized name, with quoted fields and Chinese birthdays', async () => {
    const result = await contacts$(FILE);
    expect(result).toEqual({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });

    expect(await contact('Acme, Inc.', 'Jane Doe')).toMatchObject({
      title: 'CFO',
      birthdayMonthDay: '02-29',
      birthYear: 1980,
      phone: '+1 (555) 010-0000',
      email: 'jane@acme.example',
      notes: 'Prefers email, not calls',
    });
    expect(await contact('华为技术有限公司', '张伟')).toMatchObject({
      title: '采购总监',
      birthdayMonthDay: '03-08',
      birthYear: null,
      phone: '138 0000 0000',
      email: null,
      notes: null,
    });
    expect(await contact('Acme, Inc.', '王芳')).toMatchObject({
      title: null,
      birthdayMonthDay: '12-01',
      birthYear: 1990,
      notes: 'Met at "Expo" 2025',
    });

    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'contacts.imported'));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entity: 'customer', entityId: 0, actorId: null, after: result });
  });

  it('needs only customer and name, in any column order', async () => {
    expect(await contacts$('Name,Customer\n李娜,Globex\n')).toEqual({
      rows: 1,
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await contact('Globex', '李娜')).toMatchObject({ title: null, birthdayMonthDay: null });
  });

  it('is idempotent: a second run changes nothing', async () => {
    await contacts$(FILE);
    const before = await allContacts();
    expect(await contacts$(FILE, new Date('2026-12-01T00:00:00Z'))).toEqual({
      rows: 3,
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(await allContacts()).toEqual(before);
    expect((await counts()).audits).toBe(2);
  });

  it('updates changed fields, clears empty cells and keeps columns the file does not have', async () => {
    await contacts$(FILE);
    const update = await contacts$(
      [
        'customer,name,title,birthday',
        '"ACME, INC.",Jane Doe,CEO,2/29',
        '华为技术有限公司,张伟,采购总监,3/8',
      ].join('\n'),
    );
    expect(update).toEqual({ rows: 2, inserted: 0, updated: 1, unchanged: 1 });
    expect(await contact('Acme, Inc.', 'Jane Doe')).toMatchObject({
      title: 'CEO',
      birthdayMonthDay: '02-29',
      birthYear: null,
      phone: '+1 (555) 010-0000',
      email: 'jane@acme.example',
      notes: 'Prefers email, not calls',
    });

    await contacts$('customer,name,phone,notes\n"Acme, Inc.",Jane Doe,,');
    expect(await contact('Acme, Inc.', 'Jane Doe')).toMatchObject({
      title: 'CEO',
      phone: null,
      notes: null,
    });
    expect((await counts()).contacts).toBe(3);
  });

  it('treats the same name at two customers as two contacts', async () => {
    const result = await contacts$('customer,name\nGlobex,Sam Lee\n"Acme, Inc.",Sam Lee');
    expect(result).toEqual({ rows: 2, inserted: 2, updated: 0, unchanged: 0 });
  });

  it('imports many contacts in batches', async () => {
    const rows = Array.from(
      { length: 2500 },
      (_, i) => `Globex,Person ${i},,${(i % 12) + 1}/${(i % 28) + 1},,`,
    );
    expect(await contacts$(`${HEADER}\n${rows.join('\n')}`)).toEqual({
      rows: 2500,
      inserted: 2500,
      updated: 0,
      unchanged: 0,
    });
    expect((await counts()).contacts).toBe(2500);
  }, 60_000);

  describe('rejects the whole file with the row and reason, writing nothing', () => {
    const GOOD = '"Acme, Inc.",Jane Doe,CFO,1980-02-29,,';
    const cases: { title: string; csv: string; row: number; reason: RegExp }[] = [
      {
        title: 'an unknown customer',
        csv: `${HEADER}\n${GOOD}\nInitech,Peter,,,,\nUmbrella,Alice,,,,`,
        row: 3,
        reason: /^unknown customer "Initech" \(check the spelling, or import customers first\)$/,
      },
      {
        title: 'February 30',
        csv: `${HEADER}\n${GOOD}\nGlobex,Sam,,02-30,,`,
        row: 3,
        reason: /^invalid birthday "02-30": February has no day 30$/,
      },
      {
        title: 'month 13',
        csv: `${HEADER}\nGlobex,Sam,,13-01,,`,
        row: 2,
        reason: /^invalid birthday "13-01": there is no month 13$/,
      },
      {
        title: 'Feb 29 in a common year',
        csv: `${HEADER}\nGlobex,Sam,,2023年2月29日,,`,
        row: 2,
        reason: /^invalid birthday "2023年2月29日": 2023 is not a leap year$/,
      },
      {
        title: 'an unreadable birthday',
        csv: `${HEADER}\nGlobex,Sam,,sometime in May,,`,
        row: 2,
        reason: /^invalid birthday "sometime in May": use YYYY-MM-DD, MM-DD, M\/D/,
      },
      {
        title: 'the same contact twice (customer matched by normalized name)',
        csv: `${HEADER}\n${GOOD}\nGlobex,Sam,,,,\n"acme,  inc.",Jane Doe,CEO,,,`,
        row: 4,
        reason: /^duplicate contact "Jane Doe" at customer "acme, {2}inc." \(already on row 2\)$/,
      },
      {
        title: 'a missing name column',
        csv: 'customer,title\nGlobex,CTO',
        row: 1,
        reason: /^missing required column "name" \(the header needs customer,name\)$/,
      },
      {
        title: 'a header without customer or name',
        csv: 'company,person\nGlobex,Sam',
        row: 1,
        reason: /^missing required columns "customer", "name"/,
      },
      { title: 'an empty customer', csv: `${HEADER}\n ,Sam,,,,`, row: 2, reason: /^customer is empty$/ },
      { title: 'an empty name', csv: `${HEADER}\nGlobex,,,,,`, row: 2, reason: /^name is empty$/ },
      {
        title: 'a bad email',
        csv: `${HEADER}\nGlobex,Sam,,,,sam@globex`,
        row: 2,
        reason: /^invalid email "sam@globex"$/,
      },
      {
        title: 'a phone longer than 50 characters',
        csv: `${HEADER}\nGlobex,Sam,,,${'1'.repeat(51)},`,
        row: 2,
        reason: /is longer than 50 characters$/,
      },
      { title: 'an empty file', csv: '', row: 1, reason: /the file is empty/ },
    ];

    for (const { title, csv, row, reason } of cases) {
      it(title, async () => {
        await contacts$(`${HEADER}\nGlobex,Existing Person,CTO,,,`);
        const error = await rejected(csv);
        expect(error.row).toBe(row);
        expect(error.reason).toMatch(reason);
        expect(error.message).toBe(`row ${row}: ${error.reason}`);
      });
    }

    it('an unknown customer after valid updates to existing contacts', async () => {
      await contacts$(FILE);
      const error = await rejected(`${HEADER}\n"Acme, Inc.",Jane Doe,CEO,,,\nNobody Ltd,X,,,,`);
      expect(error).toMatchObject({ row: 3, reason: expect.stringMatching(/unknown customer "Nobody Ltd"/) });
      expect((await contact('Acme, Inc.', 'Jane Doe'))?.title).toBe('CFO');
    });
  });
});
