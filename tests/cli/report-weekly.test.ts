/** `accountdesk report weekly` (README, "Weekly report"): the schedule's pass run by hand, or a dry run. */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestClaims, outbox } from '../../src/db/schema.ts';
import type { Message } from '../../src/messages/model.ts';
import { type CliWorkspace, openCliWorkspace } from '../support/cli-workspace.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MONDAY_0830 = '2026-11-30T08:30:00+08:00';

describe('accountdesk report weekly', () => {
  let cli: CliWorkspace;

  beforeAll(async () => {
    cli = await openCliWorkspace('weekly', () => new Date(MONDAY_0830));
    const csv = await cli.file(
      'members.csv',
      [
        'platform,user_id,name,role,manager_user_id,timezone,locale,email',
        'slack,UDIR,Dana Director,director,,,,',
        'slack,USUP,Sam Supervisor,supervisor,UDIR,,,',
        'slack,UREP,Riley Rep,rep,USUP,,,',
      ].join('\n'),
    );
    expect((await cli.run(['import', 'members', csv])).code).toBe(0);
  });
  afterAll(() => cli?.close());

  const stored = () =>
    cli.withDb(async ({ db }) => ({
      claims: await db.select().from(digestClaims),
      queued: await db.select().from(outbox),
    }));

  it('dry run: writes each reader’s two charts as PNG files and sends nothing', async () => {
    const out = join(cli.dir, 'charts');
    const run = await cli.run(['report', 'weekly', '--at', MONDAY_0830, '--dry-run', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('weekly report for Sam Supervisor (USUP), week of 2026-11-30');
    expect(run.stdout).toContain('Weekly report, Dana Director — 2026-11-23 to 2026-11-29');
    expect(run.stdout).toContain('2 weekly reports would be sent');
    const files = (await readdir(out)).sort();
    expect(files).toEqual([
      'UDIR-weekly-discounts.png',
      'UDIR-weekly-visits.png',
      'USUP-weekly-discounts.png',
      'USUP-weekly-visits.png',
    ]);
    for (const file of files)
      expect((await readFile(join(out, file))).subarray(0, 8).equals(PNG_SIGNATURE), file).toBe(true);
    expect(await stored()).toEqual({ claims: [], queued: [] });
  });

  it('dry run without --out: a new temporary folder, named in the output', async () => {
    const run = await cli.run(['report', 'weekly', '--at', MONDAY_0830, '--dry-run']);
    const folder = /charts in (\S+);/.exec(run.stdout)?.[1];
    expect(folder).toBeDefined();
    expect((await readdir(folder!)).filter((f) => f.endsWith('.png'))).toHaveLength(4);
    expect((await stored()).queued).toEqual([]);
    await rm(folder!, { recursive: true, force: true });
  });

  it('refuses options it does not know, and --out without --dry-run', async () => {
    expect((await cli.run(['report', 'monthly'])).stderr).toContain(
      'expected: report weekly [--at ISO-TIME] [--dry-run] [--out DIR]',
    );
    expect((await cli.run(['report', 'weekly', '--out', 'x'])).stderr).toContain('--out goes with --dry-run');
    expect((await cli.run(['report', 'weekly', '--at', 'monday'])).code).toBe(2);
  });

  it('claims and queues as the schedule does: once a week, nothing on Sunday', async () => {
    const sunday = await cli.run(['report', 'weekly', '--at', '2026-11-29T09:00:00+08:00']);
    expect(sunday.stdout).toContain('Queued 0 weekly reports');
    const run = await cli.run(['report', 'weekly', '--at', MONDAY_0830]);
    expect(run.stdout).toContain('Queued 2 weekly reports');
    const again = await cli.run(['report', 'weekly', '--at', '2026-11-30T10:00:00+08:00']);
    expect(again.stdout).toContain('Queued 0 weekly reports');
    const { claims, queued } = await stored();
    expect(claims.map((c) => [c.kind, c.localDate])).toEqual([
      ['weekly', '2026-11-30'],
      ['weekly', '2026-11-30'],
    ]);
    expect(queued.map((row) => row.key).sort()).toEqual(
      claims.map((c) => `weekly:${c.memberId}:2026-11-30`).sort(),
    );
    for (const row of queued) {
      const { images = [] } = row.message as Message;
      expect(images.map((image) => image.name)).toEqual(['weekly-visits.png', 'weekly-discounts.png']);
    }
  });

  it('sends nothing once `settings set weeklyReport off`', async () => {
    const off = await cli.run(['settings', 'set', 'weeklyReport', 'off']);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout.slice(off.stdout.indexOf('{'))).weeklyReport).toBe('off');
    expect((await cli.run(['settings', 'set', 'weeklyReport', 'sometimes'])).code).toBe(1);
    const run = await cli.run(['report', 'weekly', '--at', '2026-12-07T08:30:00+08:00']);
    expect(run.stdout).toContain('Queued 0 weekly reports');
    expect((await stored()).claims.filter((c) => c.localDate === '2026-12-07')).toEqual([]);
  });
});
