import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { customers, members } from '../../src/db/schema.ts';
import { type CliRunOptions, type CliWorkspace, openCliWorkspace } from '../support/cli-workspace.ts';

// Monday 2026-11-23, 04:00 in Shanghai (DEFAULT_TIMEZONE below).
const NOW = new Date('2026-11-22T20:00:00Z');

const MEMBERS = [
  'platform,user_id,name,role,manager_user_id,timezone,locale,email',
  'slack,U1,Alice,rep,U2,,,',
  'slack,U2,Bob,supervisor,U3,,,',
  'slack,U3,Carol,director,,,,',
  'slack,U4,Dan,rep,U2,,,',
].join('\n');
const CUSTOMERS = [
  'name,tier,owner_user_id,status',
  'Acme,A,U1,active',
  'Bolt,B,U1,active',
  'Cog,C,U1,active',
  'Dyno,B,U4,active',
].join('\n');

let cli: CliWorkspace;

beforeAll(async () => {
  cli = await openCliWorkspace('leave', () => NOW);
  const path = await cli.file('members.csv', MEMBERS);
  expect((await run(['import', 'members', path])).code).toBe(0);
  expect((await run(['import', 'customers', await cli.file('customers.csv', CUSTOMERS)])).code).toBe(0);
}, 60_000);

afterAll(() => cli?.close());

const run = (argv: string[], options?: CliRunOptions) => cli.run(argv, options);
const withDb = <T>(use: (database: Database) => Promise<T>) => cli.withDb(use);

const memberRow = (userId: string) =>
  withDb(async ({ db }) => {
    const [row] = await db.select().from(members).where(eq(members.userId, userId));
    return row!;
  });

const ownersOf = () =>
  withDb(async ({ db }) => {
    const rows = await db.select().from(customers);
    const people = await db.select().from(members);
    const name = (id: number) => people.find((p) => p.id === id)?.name;
    return Object.fromEntries(rows.map((c) => [c.name, name(c.ownerId)]));
  });

describe('members leave', () => {
  it('hands the book to the manager, says what it did, and changes nothing the second time', async () => {
    const result = await run(['members', 'leave', 'U1']);
    expect(result).toEqual({
      code: 0,
      stdout:
        'Alice has left: 3 customers handed over to Bob (3), 0 reports moved, 0 open requests withdrawn, 0 approvals moved up the line.\n',
      stderr: '',
    });
    expect(await ownersOf()).toEqual({ Acme: 'Bob', Bolt: 'Bob', Cog: 'Bob', Dyno: 'Dan' });
    expect((await memberRow('U1')).active).toBe(false);
    const again = await run(['members', 'leave', 'U1']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      'Alice had already left; nothing else changed (0 open requests withdrawn, 0 approvals moved up the line).\n',
    );
  });

  it('refuses the leaver, someone who left, or an unknown member as the one to take over', async () => {
    expect(await run(['members', 'leave', 'U4', '--to', 'U4'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'accountdesk: Dan cannot take over their own customers.\nNothing was changed.\n',
    });
    expect((await run(['members', 'leave', 'U4', '--to', 'U1'])).stderr).toContain(
      'Alice is no longer active and cannot take over customers.',
    );
    expect((await run(['members', 'leave', 'U4', '--to', 'UX'])).stderr).toContain('no slack member "UX"');
    expect((await run(['members', 'leave', 'U4', '--to'])).code).toBe(2);
    expect((await memberRow('U4')).active).toBe(true);
  });

  it('takes status left from a members file with just platform, user_id and status', async () => {
    const path = await cli.file('leaving.csv', 'platform,user_id,status\nslack,U4,left\n');
    const result = await run(['import', 'members', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'Imported 1 member (0 new, 0 updated, 1 unchanged).\n' +
        'Dan has left: 1 customer handed over to Bob (1), 0 reports moved, 0 open requests withdrawn, 0 approvals moved up the line.\n',
    );
    expect((await memberRow('U4')).active).toBe(false);
    expect((await ownersOf()).Dyno).toBe('Bob');
    // Listed again with status left: nothing more happens. A new member still needs a name and role.
    const again = await run(['import', 'members', path]);
    expect(again.stdout).toContain('Dan had already left; nothing else changed');
    expect((await memberRow('U4')).active).toBe(false);
    const newcomer = await cli.file('new.csv', 'platform,user_id,status\nslack,U9,active\n');
    const refused = await run(['import', 'members', newcomer]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('row 2: name and role are required for a new member');
  });
});
