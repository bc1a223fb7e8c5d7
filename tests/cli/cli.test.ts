/**
 * The `accountdesk` CLI in-process (runCli) against the same kind of database the service uses:
 * embedded PGlite under DATA_DIR, or a fresh Postgres database when DATABASE_URL is set. One smoke
 * test runs the real bin script.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import {
  approvalSteps,
  auditLog,
  contacts,
  customers,
  discountRequests,
  members,
} from '../../src/db/schema.ts';
import { type CliRunOptions, type CliWorkspace, openCliWorkspace } from '../support/cli-workspace.ts';

const NOW = new Date('2026-11-22T20:00:00Z');
const BIN = fileURLToPath(new URL('../../bin/accountdesk.mjs', import.meta.url));

const EXPORT_EXPECTED =
  'expected: export members|customers|contacts|visits [FILE.csv], ' +
  'or export discounts|audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [FILE.csv]';

const MEMBERS = [
  'platform,user_id,name,role,manager_user_id,timezone,locale,email',
  'slack,U1,Alice,rep,U2,,,',
  'slack,U2,Bob,supervisor,U3,,,',
  'slack,U3,Carol,director,,,,',
].join('\n');
const CUSTOMERS = 'name,tier,owner_user_id,status\n"Acme, Inc.",A,U1,active\n华为技术有限公司,B,U2,\n';
const CONTACTS = [
  'customer,name,title,birthday,phone,email',
  '"Acme, Inc.",Jane Doe,CFO,1980-02-29,+1 555 0100,jane@acme.example',
  '华为技术有限公司,张伟,采购总监,3月8日,,',
  '"acme, inc.",王芳,,12/1,,',
].join('\n');

let cli: CliWorkspace;
let dir: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  cli = await openCliWorkspace('cli', () => NOW);
  ({ dir, env } = cli);
}, 60_000);

afterAll(() => cli?.close());

const run = (argv: string[], options?: CliRunOptions) => cli.run(argv, options);
const withDb = <T>(use: (database: Database) => Promise<T>) => cli.withDb(use);
const file = (name: string, content: string | Buffer) => cli.file(name, content);

const countRows = () =>
  withDb(async ({ db }) => {
    const [row] = await db
      .select({
        members: sql<number>`(select count(*)::int from members)`,
        customers: sql<number>`(select count(*)::int from customers)`,
        contacts: sql<number>`(select count(*)::int from contacts)`,
      })
      .from(sql`(select 1) as one`);
    return row!;
  });

describe('usage', () => {
  it('prints help with exit 0', async () => {
    for (const argv of [['help'], ['--help'], ['import', '--help']]) {
      const result = await run(argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: accountdesk <command>');
      expect(result.stdout).toContain('import members FILE.csv');
      expect(result.stdout).toContain('import contacts FILE.csv');
      expect(result.stdout).toContain('members away USER --until YYYY-MM-DD');
      expect(result.stdout).toContain('members back USER');
      expect(result.stderr).toBe('');
    }
  });

  it('exits 2 with the usage for a missing, unknown or incomplete command', async () => {
    const cases: [string[], string][] = [
      [[], 'no command given'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['import', 'members'], 'expected: import members|customers|contacts FILE.csv'],
      [['import', 'widgets', 'x.csv'], 'expected: import members|customers|contacts FILE.csv'],
      [['import', 'members', 'a.csv', 'b.csv'], 'expected: import members|customers|contacts FILE.csv'],
      [['migrate', 'now'], 'migrate takes no arguments'],
      // Arguments are read as they always were, not by parseArgs' strict rules: pinned here.
      [['migrate', '--force'], 'migrate takes no arguments'],
      [['import', '--', 'members', 'a.csv'], 'expected: import members|customers|contacts FILE.csv'],
      [['digest', 'run', 'now'], 'unknown option "now"'],
      [['digest', 'run', '--dry-run=yes'], 'unknown option "--dry-run=yes"'],
      [['digest', '--dry-run', 'run'], 'expected: digest run [--at ISO-TIME] [--dry-run]'],
      [['digest', 'run', '--at'], '--at needs an ISO time such as 2026-11-23T08:30:00+08:00 (got "")'],
      [
        ['digest', 'run', '--at', '--dry-run'],
        '--at needs an ISO time such as 2026-11-23T08:30:00+08:00 (got "--dry-run")',
      ],
      [['demo', '--reset', '--reset'], 'expected: demo [--reset]'],
      [['demo', '--force'], 'expected: demo [--reset]'],
      [['export', 'secrets'], EXPORT_EXPECTED],
      [['export', '--from', '2026-11-01', 'discounts'], EXPORT_EXPECTED],
      [['export', 'discounts', 'a.csv', 'b.csv'], EXPORT_EXPECTED],
      [
        ['export', 'discounts', '--from', '2026-13-01'],
        '--from needs a date YYYY-MM-DD such as 2026-11-01 (got "2026-13-01")',
      ],
      [
        ['export', 'audit', '--to=2026-02-30'],
        '--to needs a date YYYY-MM-DD such as 2026-11-01 (got "2026-02-30")',
      ],
      [['export', 'discounts', '--from'], '--from needs a date YYYY-MM-DD such as 2026-11-01 (got "")'],
      [
        ['export', 'audit', '--from', '2026-11-30', '--to', '2026-11-01', 'a.csv'],
        '--from 2026-11-30 is after --to 2026-11-01: no day is in that period',
      ],
      [
        ['export', 'members', '--from', '2026-11-01'],
        'export members takes no --from: only discounts and audit are read for a period',
      ],
      [
        ['export', 'visits', 'v.csv', '--to=2026-11-01'],
        'export visits takes no --to: only discounts and audit are read for a period',
      ],
      [['members'], 'expected: members away USER --until YYYY-MM-DD'],
      [['members', 'quit', 'U2'], 'expected: members away USER --until YYYY-MM-DD'],
      [['members', 'away', '--until', '2026-12-15'], 'expected: members away USER --until YYYY-MM-DD'],
      [['members', 'away', 'U2'], '--until is required: expected: members away USER'],
      [['members', 'away', 'U2', 'U3', '--until', '2026-12-15'], 'expected: members away USER'],
      [
        ['members', 'away', 'U2', '--until', '12/15'],
        '--until needs a date such as 2026-12-15 (got "12/15")',
      ],
      [['members', 'away', 'U2', '--until'], '--until needs a date such as 2026-12-15 (got "")'],
      [
        ['members', 'away', 'U2', '--until', '2026-12-15', '--from', '2026-02-30'],
        '--from needs a date such as 2026-12-15 (got "2026-02-30")',
      ],
      [
        ['members', 'away', 'U2', '--until', '2026-12-15', '--from', '2026-12-20'],
        '--until 2026-12-15 is before --from 2026-12-20',
      ],
      [['members', 'away', 'U2', '--until', '2026-12-15', '--later'], 'unknown option "--later"'],
      [
        ['members', 'away', 'U2', '--until', '2026-12-15', '--platform', 'teams'],
        '--platform must be slack or lark (got "teams")',
      ],
      [['members', 'back', 'U2', '--until', '2026-12-15'], 'unknown option "--until"'],
      [['members', 'back'], 'expected: members away USER'],
    ];
    for (const [argv, message] of cases) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain(`accountdesk: ${message}`);
      expect(result.stderr).toContain('Usage: accountdesk');
      expect(result.stdout).toBe('');
    }
  });

  it('exits 2 naming the variable on a configuration error', async () => {
    const result = await run(['migrate'], { env: { ...env, DEFAULT_TIMEZONE: 'Mars/Olympus' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DEFAULT_TIMEZONE');
    expect(result.stdout).toBe('');
  });

  it('exits 1 with a message when the database cannot be reached', async () => {
    const result = await run(['migrate'], {
      env: { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^accountdesk: .+/);
  });
});

describe('migrate and import', () => {
  it('shows the team settings and changes one, refusing values that break the policy', async () => {
    const shown = await run(['settings']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      cadence: { A: 3, B: 7, C: 14, D: 30 },
      discountPolicy: { autoApproveMaxPercent: 5, managerMaxPercent: 15, secondLevelMaxPercent: 30 },
    });
    const set = await run(['settings', 'set', 'discountPolicy.managerMaxPercent', '20']);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Set discountPolicy.managerMaxPercent to 20.');
    expect(JSON.parse((await run(['settings'])).stdout).discountPolicy.managerMaxPercent).toBe(20);

    const inverted = await run(['settings', 'set', 'discountPolicy.managerMaxPercent', '40']);
    expect(inverted.code).toBe(1);
    expect(inverted.stderr).toContain('limits must rise');
    const unknown = await run(['settings', 'set', 'discount.max', '3']);
    expect(unknown.stderr).toContain('unknown setting "discount.max"');
    const notNumber = await run(['settings', 'set', 'cadence.A', 'often']);
    expect(notNumber.stderr).toContain('"often" is not a number');
    const zeroDays = await run(['settings', 'set', 'cadence.A', '0']);
    expect(zeroDays.code).toBe(1);
    // A value that starts with a dash is a value, not an option: the setting refuses it itself.
    const negative = await run(['settings', 'set', 'cadence.A', '-3']);
    expect(negative.code).toBe(1);
    expect(negative.stderr).toContain('Nothing was changed.');
    expect(JSON.parse((await run(['settings'])).stdout).cadence.A).toBe(3);
    await run(['settings', 'set', 'discountPolicy.managerMaxPercent', '15']);

    expect(JSON.parse(shown.stdout).currency).toBe('CNY');
    expect((await run(['settings', 'set', 'currency', 'USD'])).stdout).toContain('Set currency to USD.');
    const lower = await run(['settings', 'set', 'currency', 'usd']);
    expect(lower.code).toBe(1);
    expect(lower.stderr).toContain('currency: must be a three-letter code such as CNY or USD');
    // Well-formed but no currency: every amount would print "RMB 120,000", so it is refused by name.
    const unknownCode = await run(['settings', 'set', 'currency', 'RMB']);
    expect(unknownCode.code).toBe(1);
    expect(unknownCode.stderr).toContain('currency: not an ISO 4217 currency code (e.g. CNY, USD, EUR, JPY)');
    expect(unknownCode.stderr).toContain('Nothing was changed.');
    expect(JSON.parse((await run(['settings'])).stdout).currency).toBe('USD');
    await run(['settings', 'set', 'currency', 'CNY']);
  }, 60_000); // a dozen CLI processes: slow on a loaded two-core machine

  it('migrates', async () => {
    const result = await run(['migrate']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Migrated .+\.\n$/);
  }, 30_000);

  it('imports members and prints a one-line summary', async () => {
    const result = await run(['import', 'members', await file('members.csv', MEMBERS)]);
    expect(result).toEqual({ code: 0, stdout: 'Imported 3 members (3 new, 0 updated).\n', stderr: '' });
  }, 30_000);

  it('re-imports the same file without changes', async () => {
    const result = await run(['import', 'members', await file('members.csv', MEMBERS)]);
    expect(result).toEqual({
      code: 0,
      stdout: 'Imported 3 members (0 new, 0 updated, 3 unchanged).\n',
      stderr: '',
    });
    expect((await countRows()).members).toBe(3);
  }, 30_000);

  it('imports customers assigned today in DEFAULT_TIMEZONE and first due the next working day, reading a BOM and CRLF', async () => {
    const path = await file('customers.csv', `\uFEFF${CUSTOMERS.replace(/\n/g, '\r\n')}`);
    const result = await run(['import', 'customers', path]);
    expect(result).toEqual({ code: 0, stdout: 'Imported 2 customers (2 new, 0 updated).\n', stderr: '' });
    const acme = await withDb(async ({ db }) => {
      const [row] = await db.select().from(customers).where(eq(customers.name, 'Acme, Inc.'));
      return row;
    });
    expect(acme).toMatchObject({ tier: 'A', assignedOn: '2026-11-23', nextFollowUpOn: '2026-11-24' });
  }, 30_000);

  it('imports contacts of those customers, then re-imports them unchanged', async () => {
    const path = await file('contacts.csv', CONTACTS);
    const result = await run(['import', 'contacts', path]);
    expect(result).toEqual({ code: 0, stdout: 'Imported 3 contacts (3 new, 0 updated).\n', stderr: '' });
    const zhang = await withDb(async ({ db }) => {
      const [row] = await db.select().from(contacts).where(eq(contacts.name, '张伟'));
      return row;
    });
    expect(zhang).toMatchObject({ title: '采购总监', birthdayMonthDay: '03-08', birthYear: null });

    const again = await run(['import', 'contacts', path]);
    expect(again).toEqual({
      code: 0,
      stdout: 'Imported 3 contacts (0 new, 0 updated, 3 unchanged).\n',
      stderr: '',
    });
    const one = await run([
      'import',
      'contacts',
      await file('one-contact.csv', 'customer,name,title\n"Acme, Inc.",Jane Doe,CEO\n'),
    ]);
    expect(one).toEqual({ code: 0, stdout: 'Imported 1 contact (0 new, 1 updated).\n', stderr: '' });
    expect((await countRows()).contacts).toBe(3);
  }, 30_000);

  it('rejects contacts of an unknown customer or with a bad birthday, with exit 1 and nothing written', async () => {
    const before = await countRows();
    const unknown = await file('contacts-unknown.csv', `${CONTACTS}\nInitech,Peter,,,,\n`);
    expect(await run(['import', 'contacts', unknown])).toEqual({
      code: 1,
      stdout: '',
      stderr: `${unknown}: row 5: unknown customer "Initech" (check the spelling, or import customers first)\nNothing was imported.\n`,
    });
    const badDate = await file('contacts-date.csv', `${CONTACTS}\n"Acme, Inc.",Bob,,02-30,,\n`);
    const result = await run(['import', 'contacts', badDate]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${badDate}: row 5: invalid birthday "02-30": February has no day 30\nNothing was imported.\n`,
    );
    expect(await countRows()).toEqual(before);
  }, 30_000);

  it('rejects a bad file with exit 1, the row and reason on stderr, and writes nothing', async () => {
    const before = await countRows();
    const path = await file('bad.csv', `${MEMBERS}\nslack,U4,Dan,boss,,,,\n`);
    const result = await run(['import', 'members', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `${path}: row 5: unknown role "boss" (use rep, supervisor, director, admin)\nNothing was imported.\n`,
    );
    expect(await countRows()).toEqual(before);
  }, 30_000);

  it('exits 1 with a clear message for a file that does not exist', async () => {
    const path = join(dir, 'nope.csv');
    const result = await run(['import', 'customers', path]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `accountdesk: cannot read ${path}: no such file\n`,
    });
  });

  it('exits 1 for a file that is not UTF-8', async () => {
    const gbk = Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xbb, 0xaa, 0xce, 0xaa, 0x0a]);
    const result = await run(['import', 'customers', await file('gbk.csv', gbk)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not UTF-8 text');
  });

  it('shows progress on a terminal and only the summary otherwise', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `Bulk ${i},C,U1,prospect`);
    const path = await file('bulk.csv', `name,tier,owner_user_id,status\n${rows.join('\n')}\n`);
    const tty = await run(['import', 'customers', path], { tty: true });
    expect(tty.code).toBe(0);
    // The first read of a streamed file does not know the total yet; the writing pass does.
    expect(tty.stdout).toContain('\r\x1b[KChecking 1000 rows…');
    expect(tty.stdout).toContain('Writing 2500/2500 rows…');
    expect(tty.stdout.endsWith('\r\x1b[KImported 2500 customers (2500 new, 0 updated).\n')).toBe(true);

    const piped = await run(['import', 'customers', path], { tty: false });
    expect(piped.stdout).toBe('Imported 2500 customers (0 new, 0 updated, 2500 unchanged).\n');
  }, 60_000);
});

describe('bin/accountdesk.mjs', () => {
  const exec = promisify(execFile);

  it('runs the CLI through tsx and sets the exit code', async () => {
    const help = await exec(process.execPath, [BIN, '--help'], { env: { ...process.env, ...env } });
    expect(help.stdout).toContain('Usage: accountdesk');

    const missing = join(dir, 'missing.csv');
    const failed = await exec(process.execPath, [BIN, 'import', 'members', missing], {
      env: { ...process.env, ...env },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`cannot read ${missing}: no such file`);
  }, 30_000);
  it('previews and runs the morning pass for a given moment, once per member and day', async () => {
    await run(['import', 'members', await file('digest-members.csv', MEMBERS)]);
    await run(['import', 'customers', await file('digest-customers.csv', CUSTOMERS)]);
    const at = '2026-11-24T08:45:00+08:00'; // Tuesday morning in Shanghai: Monday's imports are first due today
    const preview = await run(['digest', 'run', '--at', at, '--dry-run']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('── follow-ups for Alice (U1), 2026-11-24');
    expect(preview.stdout).toContain('Acme, Inc. (A)');
    expect(preview.stdout).toContain('── team digest for Bob (U2), 2026-11-24');
    expect(preview.stdout).toMatch(
      /Dry run at 2026-11-24T00:45:00.000Z: \d+ morning messages? would be sent; nothing was sent\./,
    );

    const first = await run(['digest', 'run', '--at', at]);
    expect(first.stdout).toMatch(/^Queued [1-9]\d* morning messages? at 2026-11-24T00:45:00.000Z/);
    const again = await run(['digest', 'run', '--at', at]);
    expect(again.stdout).toContain('Queued 0 morning messages');
    const sunday = await run(['digest', 'run', '--at', '2026-11-22T09:00:00+08:00']);
    expect(sunday.stdout).toContain('Queued 0 morning messages');

    const bad = await run(['digest', 'run', '--at', 'tomorrow']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--at needs an ISO time');
  }, 60_000);

  it('exports members, customers and contacts in the import columns, and they import back unchanged', async () => {
    await run(['import', 'members', await file('rt-members.csv', MEMBERS)]);
    await run(['import', 'customers', await file('rt-customers.csv', CUSTOMERS)]);
    await run(['import', 'contacts', await file('rt-contacts.csv', CONTACTS)]);
    const toStdout = await run(['export', 'customers']);
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout.split('\r\n')[0]).toBe(
      'name,tier,owner_user_id,status,platform,stage,next_follow_up',
    );
    expect(toStdout.stdout).toContain('"Acme, Inc.",A,U1,active,slack');
    for (const what of ['members', 'customers', 'contacts'] as const) {
      const path = join(dir, `exported-${what}.csv`);
      const exported = await run(['export', what, path]);
      expect(exported.stdout).toMatch(new RegExp(`^Exported \\d+ ${what} to `));
      const again = await run(['import', what, path]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/\(0 new, 0 updated, \d+ unchanged\)/);
    }
    const visits = await run(['export', 'visits']);
    expect(
      visits.stdout.startsWith(
        'visited_on,customer,member_user_id,member,kind,stage,summary,next_step,next_follow_up',
      ),
    ).toBe(true);
    const bad = await run(['export', 'secrets']);
    expect(bad.code).toBe(2);
  }, 60_000);
});

describe('exports for finance and audit', () => {
  // Shanghai is UTC+8: 18 November there runs from 2026-11-17T16:00Z to 2026-11-18T16:00Z.
  const INSTANTS = [
    '2026-11-17T15:59:59Z',
    '2026-11-17T16:00:00Z',
    '2026-11-18T15:59:59Z',
    '2026-11-18T16:00:00Z',
  ];

  it('writes the discounts and the audit log of a period to a file, its days whole in DEFAULT_TIMEZONE', async () => {
    await run(['import', 'members', await file('period-members.csv', MEMBERS)]);
    await run(['import', 'customers', await file('period-customers.csv', CUSTOMERS)]);
    const ids = await withDb(async ({ db }) => {
      const [alice] = await db.select().from(members).where(eq(members.userId, 'U1'));
      const [bob] = await db.select().from(members).where(eq(members.userId, 'U2'));
      const [acme] = await db.select().from(customers).where(eq(customers.name, 'Acme, Inc.'));
      const made: number[] = [];
      for (const [i, at] of INSTANTS.entries()) {
        const [request] = await db
          .insert(discountRequests)
          .values({
            customerId: acme!.id,
            requesterId: alice!.id,
            percent: 10 + i,
            amount: 1000,
            reason: 'competitor',
            justification: `request ${i}`,
            status: 'pending',
            currentStep: 1,
            createdAt: new Date(at),
          })
          .returning({ id: discountRequests.id });
        await db.insert(approvalSteps).values({
          requestId: request!.id,
          stepNo: 1,
          approverId: bob!.id,
          status: 'pending',
        });
        await db.insert(auditLog).values({
          at: new Date(at),
          actorId: alice!.id,
          action: 'discount.requested',
          entity: 'discount_request',
          entityId: request!.id,
          after: { percent: 10 + i },
        });
        made.push(request!.id);
      }
      return made;
    });
    const inside = [ids[1], ids[2]];

    const path = join(dir, 'discounts-18.csv');
    const discounts = await run(['export', 'discounts', '--from', '2026-11-18', path, '--to', '2026-11-18']);
    expect(discounts).toEqual({ code: 0, stdout: `Exported 2 discounts to ${path}.\n`, stderr: '' });
    const written = await readFile(path, 'utf8');
    expect(written.startsWith('\ufeffrequest_id,created_at,customer,deal,requester,requester_user_id,')).toBe(
      true,
    );
    const lines = written.split('\r\n').slice(1, -1);
    expect(lines.map((line) => Number(line.split(',')[0]))).toEqual(inside);
    expect(lines[0]).toBe(
      `${ids[1]},2026-11-17T16:00:00.000Z,"Acme, Inc.",,Alice,U1,11,,1000,CNY,,competitor,request 1,pending,,,,` +
        'Bob,pending,,,,,,,,', // the last two: counter-offer percents
    );

    const audit = join(dir, 'audit-18.csv');
    const entries = await run(['export', 'audit', '--from=2026-11-18', '--to=2026-11-18', audit]);
    expect(entries).toEqual({ code: 0, stdout: `Exported 2 audit entries to ${audit}.\n`, stderr: '' });
    const auditLines = (await readFile(audit, 'utf8')).split('\r\n');
    expect(auditLines[0]).toBe('\ufeffid,at,actor,actor_user_id,action,entity,entity_id,before,after');
    expect(auditLines.slice(1, -1).map((line) => line.split(',').slice(1, 7).join(','))).toEqual(
      inside.map(
        (id, i) =>
          `${INSTANTS[i + 1]!.replace('Z', '.000Z')},Alice,U1,discount.requested,discount_request,${id}`,
      ),
    );
    expect(auditLines[1]!.endsWith(',,"{""percent"":11}"')).toBe(true);

    // To standard output, one bound only; and no bounds at all: everything.
    const fromThe18th = await run(['export', 'discounts', '--from', '2026-11-18']);
    expect(
      fromThe18th.stdout
        .split('\r\n')
        .slice(1, -1)
        .map((line) => Number(line.split(',')[0])),
    ).toEqual(ids.slice(1));
    const all = await run(['export', 'discounts']);
    expect(
      all.stdout
        .split('\r\n')
        .slice(1, -1)
        .map((line) => Number(line.split(',')[0])),
    ).toEqual(ids);
  }, 60_000);
});
