import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { auditLog, members, outbox } from '../../src/db/schema.ts';
import { type CliRunOptions, type CliWorkspace, openCliWorkspace } from '../support/cli-workspace.ts';

// Monday 2026-11-23, 04:00 in Shanghai (DEFAULT_TIMEZONE below).
const NOW = new Date('2026-11-22T20:00:00Z');

const MEMBERS = [
  'platform,user_id,name,role,manager_user_id,timezone,locale,email',
  'slack,U1,Alice,rep,U2,,,',
  'slack,U2,Bob,supervisor,U3,,,',
  'slack,U3,Carol,director,,,,',
  'slack,U4,Dan,supervisor,U3,,,',
  'slack,U5,Erin,director,,,,',
  'slack,UB,Both Slack,rep,,,,',
  'lark,UB,Both Lark,rep,,,,',
].join('\n');

let cli: CliWorkspace;

beforeAll(async () => {
  cli = await openCliWorkspace('away', () => NOW);
  const path = await cli.file('members.csv', MEMBERS);
  expect((await run(['import', 'members', path])).code).toBe(0);
}, 60_000);

afterAll(() => cli?.close());

const run = (argv: string[], options?: CliRunOptions) => cli.run(argv, options);
const withDb = <T>(use: (database: Database) => Promise<T>) => cli.withDb(use);

const memberRow = (userId: string) =>
  withDb(async ({ db }) => {
    const [row] = await db.select().from(members).where(eq(members.userId, userId));
    return row!;
  });

describe('members away and back', () => {
  it('records a period with a named delegate, and says who decides in one line', async () => {
    const result = await run([
      'members',
      'away',
      'U2',
      '--from',
      '2026-12-07',
      '--until',
      '2026-12-15',
      '--delegate',
      'U4',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: 'Bob is away from 2026-12-07 until 2026-12-15; approvals go to Dan.\n',
      stderr: '',
    });
    const bob = await memberRow('U2');
    expect(bob).toMatchObject({ awayFrom: '2026-12-07', awayUntil: '2026-12-15' });
    expect(bob.delegateId).toBe((await memberRow('U4')).id);
    // The delegate is told, through the outbox the running service delivers.
    const queued = await withDb(({ db }) => db.select().from(outbox));
    expect(JSON.stringify(queued.map((row) => row.message))).toContain(
      'Bob is away from 2026-12-07 until 2026-12-15: you decide their discount approvals meanwhile.',
    );
  }, 30_000);

  it('starts today in the member’s zone and goes to the manager when no delegate is named', async () => {
    const result = await run(['members', 'away', 'U2', '--until', '2026-12-15']);
    expect(result.stdout).toBe('Bob is away from 2026-11-23 until 2026-12-15; approvals go to Carol.\n');
    expect(await memberRow('U2')).toMatchObject({ awayFrom: '2026-11-23', delegateId: null });
  }, 30_000);

  it('names the away delegates a chain passes', async () => {
    expect((await run(['members', 'away', 'U3', '--until', '2026-12-31', '--delegate', 'U5'])).code).toBe(0);
    const result = await run(['members', 'away', 'U2', '--until', '2026-12-15']);
    expect(result.stdout).toBe(
      'Bob is away from 2026-11-23 until 2026-12-15; approvals go to Erin (passed on by Carol, away too).\n',
    );
    expect((await run(['members', 'back', 'U3'])).stdout).toBe(
      'Carol is back; new approvals go to them again.\n',
    );
  }, 30_000);

  it('refuses a loop, a chain ending with nobody, oneself and a past date with exit 1, changing nothing', async () => {
    await run(['members', 'back', 'U2']);
    expect((await run(['members', 'away', 'U4', '--until', '2026-12-31', '--delegate', 'U2'])).code).toBe(0);
    const cases: [string[], string][] = [
      [
        ['members', 'away', 'U2', '--until', '2026-12-15', '--delegate', 'U4'],
        'That makes a loop on 2026-11-23: Bob → Dan → Bob.',
      ],
      [
        ['members', 'away', 'U5', '--until', '2026-12-15'],
        'On 2026-11-23 nobody would decide in Erin’s place: Erin is away and has no delegate or manager',
      ],
      [
        ['members', 'away', 'U2', '--until', '2026-12-15', '--delegate', 'U2'],
        'A delegate must be someone other than Bob',
      ],
      [
        ['members', 'away', 'U2', '--until', '2026-11-20'],
        '2026-11-20 is already past (today is 2026-11-23)',
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`accountdesk: ${message}`);
      expect(result.stderr).toContain('Nothing was changed.');
    }
    expect(await memberRow('U2')).toMatchObject({ awayFrom: null, awayUntil: null, delegateId: null });
    await run(['members', 'back', 'U4']);
  }, 30_000);

  it('says who is unknown, and asks for --platform when the id is on both platforms', async () => {
    expect(await run(['members', 'away', 'U99', '--until', '2026-12-15'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'accountdesk: no member "U99" (import members first)\n',
    });
    expect(await run(['members', 'away', 'U2', '--until', '2026-12-15', '--delegate', 'U98'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'accountdesk: no slack member "U98" to delegate to (import members first)\n',
    });
    const both = await run(['members', 'back', 'UB']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      'accountdesk: "UB" is a member on both lark and slack: add --platform slack or --platform lark\n',
    );
    expect(await run(['members', 'back', 'UB', '--platform', 'lark'])).toEqual({
      code: 0,
      stdout: 'Both Lark was not away; nothing changed.\n',
      stderr: '',
    });
  }, 30_000);

  it('clears the period on back and records both in the audit', async () => {
    await run(['members', 'away', 'U2', '--until', '2026-12-15', '--delegate', 'U4']);
    expect(await run(['members', 'back', 'U2'])).toEqual({
      code: 0,
      stdout: 'Bob is back; new approvals go to them again.\n',
      stderr: '',
    });
    expect(await memberRow('U2')).toMatchObject({ awayFrom: null, awayUntil: null, delegateId: null });
    expect((await run(['members', 'back', 'U2'])).stdout).toBe('Bob was not away; nothing changed.\n');
    const bob = await memberRow('U2');
    const actions = await withDb(({ db }) => db.select().from(auditLog).where(eq(auditLog.entityId, bob.id)));
    expect(actions.filter((a) => a.entity === 'member').map((a) => a.action)).toContain('member.back');
  }, 30_000);
});
