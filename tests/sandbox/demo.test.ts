/**
 * The demo team the sandbox starts with, seeded through the product's own imports and commands,
 * and `accountdesk demo [--reset]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/context.ts';
import { followUpsCommand } from '../../src/app/followups/followup-commands.ts';
import { noInstruments } from '../../src/app/instruments.ts';
import { loadConfig } from '../../src/config.ts';
import { contacts, customers, discountRequests, members, outbox, visits } from '../../src/db/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { demoCommand } from '../../src/sandbox/demo/demo-command.ts';
import {
  clearDemo,
  DemoResetRefused,
  hasNoMembers,
  seedDemo,
} from '../../src/sandbox/demo/seed-demo-team.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

// A Wednesday morning in Shanghai: the seeded dates below are relative to it.
const NOW = new Date('2026-11-18T01:00:00Z');

describe('the demo team', () => {
  let testDb: TestDatabase;
  let deps: AppDeps;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    deps = {
      db: testDb.database.db,
      clock: { now: () => NOW },
      logger: createLogger('silent'),
      defaults: { timezone: 'UTC', locale: 'en', digestTime: '08:30' },
      outboxQueued: () => {},
      instruments: noInstruments,
    };
    await seedDemo(deps);
  });
  afterAll(() => testDb?.drop());

  it('has every role, customers in all tiers with Chinese and English names, contacts and visits', async () => {
    const team = await deps.db.select().from(members);
    expect(new Set(team.map((m) => m.role))).toEqual(new Set(['rep', 'supervisor', 'director', 'admin']));
    const accounts = await deps.db.select().from(customers);
    expect(new Set(accounts.map((c) => c.tier))).toEqual(new Set(['A', 'B', 'C', 'D']));
    expect(accounts.some((c) => /\p{Script=Han}/u.test(c.name))).toBe(true);
    expect(accounts.some((c) => /^[A-Za-z ]+$/.test(c.name))).toBe(true);
    expect((await deps.db.select().from(visits)).length).toBeGreaterThan(10);
    expect((await deps.db.select().from(contacts)).map((c) => c.birthdayMonthDay)).toContain('11-19');
  });

  it('leaves follow-ups due today and overdue, a birthday tomorrow and a request waiting', async () => {
    const morning = await followUpsCommand(deps, { platform: 'slack', userId: 'U0DEMORILEY' });
    const text = JSON.stringify(morning.blocks);
    expect(text).toContain('Due today');
    expect(text).toContain('Overdue');
    expect(text).toContain('Jane Doe');
    expect(text).toContain('#4 Globex Trading 8%');
    const requests = await deps.db.select().from(discountRequests);
    expect(requests.map((r) => [r.id, r.status])).toEqual([
      [1, 'auto_approved'],
      [2, 'approved'],
      [3, 'rejected'],
      [4, 'pending'],
    ]);
    const queued = await deps.db.select().from(outbox);
    expect(queued.map((row) => row.key)).toContain('approval:4:1');
  });

  it('is only ever reset when the database holds nothing but the demo', async () => {
    expect(await hasNoMembers(deps.db)).toBe(false);
    await clearDemo(deps.db);
    expect(await hasNoMembers(deps.db)).toBe(true);
    await seedDemo(deps);
    await deps.db
      .insert(members)
      .values({ platform: 'slack', userId: 'UREALPERSON', name: 'Real', role: 'rep' });
    await expect(clearDemo(deps.db)).rejects.toThrow(DemoResetRefused);
    expect(await deps.db.select().from(customers)).toHaveLength(11);
  });
});

describe('accountdesk demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'accountdesk-demo-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  // Always the embedded database: the command must never be pointed at a shared server here.
  const config = (env: Record<string, string> = {}) =>
    loadConfig({ DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '', ...env });

  it('seeds an empty database once, starts over with --reset, and refuses without the sandbox', async () => {
    const first = await demoCommand(config(), { reset: false, now: NOW });
    expect(first).toMatchObject({ exitCode: 0, out: expect.stringContaining('5 members, 11 customers') });
    const again = await demoCommand(config(), { reset: false, now: NOW });
    expect(again).toMatchObject({ exitCode: 0, out: expect.stringContaining('nothing was seeded') });
    const reset = await demoCommand(config(), { reset: true, now: NOW });
    expect(reset).toMatchObject({ exitCode: 0, out: expect.stringContaining('Seeded the demo team') });
    const slack = await demoCommand(config({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }), {
      reset: true,
      now: NOW,
    });
    expect(slack).toMatchObject({ exitCode: 2, err: expect.stringContaining('local sandbox') });
  });
});
