import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/rows.ts';
import { testOutboxRows } from '../support/outbox-rows.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const MIGRATIONS = new URL('../../migrations', import.meta.url).pathname;
/** The last migration of the release before request ids and conversations (0006, 0007). */
const PREVIOUS_RELEASE = '0005_outbox_claim_token';

/** The project's migrations up to and including `tag`, in a folder of their own. */
function migrationsUpTo(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'accountdesk-migrations-'));
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
    entries: { tag: string; idx: number }[];
  };
  const last = journal.entries.findIndex((entry) => entry.tag === tag);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe('upgrading a database full of last month’s messages', () => {
  let testDb: TestDatabase;
  let old: string;
  afterAll(async () => {
    await testDb?.drop();
    if (old) rmSync(old, { recursive: true, force: true });
  });

  it('gives queued rows their conversation, keeps sent ones, leaves request ids empty, and delivers what was queued', async () => {
    // A fresh database migrated only as far as the previous release…
    old = migrationsUpTo(PREVIOUS_RELEASE);
    testDb = await createTestDatabase({ migrate: false });
    const { database } = testDb;
    await database.migrate(old);
    const columns = async () =>
      rowsOf<{ column_name: string }>(
        await database.db.execute(
          sql`select column_name from information_schema.columns where table_name = 'outbox'`,
        ),
      ).map((row) => row.column_name);
    expect(await columns()).not.toContain('conversation');
    // …holding what a month of use leaves: delivered messages, and some still queued.
    for (let day = 1; day <= 30; day++) {
      await database.db.execute(sql`
        insert into outbox (key, platform, target, message, status, created_at, sent_at, ref)
        values (${`digest:rep:1:2026-11-${String(day).padStart(2, '0')}`}, 'slack', '{"type":"dm","userId":"U1"}'::jsonb,
          '{"text":"due","blocks":[]}'::jsonb, 'sent', now() - make_interval(days => ${31 - day}),
          now() - make_interval(days => ${31 - day}), '{"channel":"D1","ts":"1.1"}'::jsonb)`);
    }
    await database.db.execute(sql`
      insert into outbox (key, platform, target, message) values
        ('approval:7:1', 'slack', '{"type":"group","userIds":["U2","U1"],"fallbackUserId":"U2"}'::jsonb, '{"text":"a","blocks":[]}'::jsonb),
        ('approval:7:1:note', 'slack', '{"type":"thread","parentKey":"approval:7:1"}'::jsonb, '{"text":"n","blocks":[]}'::jsonb),
        ('discount:7:waiting:1', 'lark', '{"type":"dm","userId":"ou_1"}'::jsonb, '{"text":"w","blocks":[]}'::jsonb),
        ('respond:x', 'slack', '{"type":"response_url","url":"https://hooks.slack.com/x","replaceOriginal":false}'::jsonb, '{"text":"r","blocks":[]}'::jsonb)`);

    // The upgrade: the rest of the migrations, on that data.
    await database.migrate();
    expect(await columns()).toEqual(expect.arrayContaining(['conversation', 'request_id']));
    const rows = rowsOf<{
      key: string;
      status: string;
      conversation: string | null;
      request_id: string | null;
    }>(await database.db.execute(sql`select key, status, conversation, request_id from outbox order by id`));
    const byKey = new Map(rows.map((row) => [row.key, row]));
    expect(byKey.get('approval:7:1')?.conversation).toBe('slack:group:U1,U2');
    // The thread reply waits behind its parent: the same conversation.
    expect(byKey.get('approval:7:1:note')?.conversation).toBe('slack:group:U1,U2');
    expect(byKey.get('discount:7:waiting:1')?.conversation).toBe('lark:dm:ou_1');
    expect(byKey.get('respond:x')?.conversation).toBe('slack:response:respond:x');
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(30);
    expect(rows.every((row) => row.request_id === null)).toBe(true);

    // The new version's worker claims what was queued: each conversation's oldest message, the
    // thread reply behind its parent, the answer to a click in its own lane.
    const worker = testOutboxRows(database.db);
    const keys = async (platform: 'slack' | 'lark', lane: 'messages' | 'answers') =>
      (await worker.claim('after-upgrade', [platform], lane)).map((row) => row.key);
    expect(await keys('slack', 'messages')).toEqual(['approval:7:1']);
    expect(await keys('slack', 'answers')).toEqual(['respond:x']);
    expect(await keys('lark', 'messages')).toEqual(['discount:7:waiting:1']);
  });

  it('moves queued updates into their message’s conversation, old and new in order, and does the same for an update an instance of the previous version queues', async () => {
    const dir = migrationsUpTo('0021_outbox_held_answers');
    const upgraded = await createTestDatabase({ migrate: false });
    try {
      const { database } = upgraded;
      await database.migrate(dir);
      // Queued by the previous version: a posted approval message, its first update waiting (a
      // backoff) in the message's DM, and a sent update of another message.
      await database.db.execute(sql`insert into outbox (key, platform, target, message, status, conversation, waits_for) values
        ('approval:9:1', 'slack', '{"type":"dm","userId":"U9"}'::jsonb, '{"text":"a","blocks":[]}'::jsonb, 'sent', 'slack:dm:U9', null),
        ('approval:9:1:countered', 'slack', '{"type":"update","parentKey":"approval:9:1"}'::jsonb, '{"text":"c","blocks":[]}'::jsonb, 'pending', 'slack:dm:U9', null),
        ('approval:8:1:approved', 'slack', '{"type":"update","parentKey":"approval:8:1"}'::jsonb, '{"text":"d","blocks":[]}'::jsonb, 'sent', 'slack:dm:U8', null)`);
      await database.migrate(MIGRATIONS);
      // The previous version, still running beside the new one, queues the next update its way.
      await database.db.execute(sql`insert into outbox (key, platform, target, message, conversation) values
        ('approval:9:1:approved', 'slack', '{"type":"update","parentKey":"approval:9:1"}'::jsonb, '{"text":"b","blocks":[]}'::jsonb, 'slack:dm:U9')`);
      const rows = rowsOf<{ key: string; conversation: string; waits_for: string[] | null }>(
        await database.db.execute(sql`select key, conversation, waits_for from outbox order by id`),
      );
      expect(rows).toEqual([
        { key: 'approval:9:1', conversation: 'slack:dm:U9', waits_for: null },
        {
          key: 'approval:9:1:countered',
          conversation: 'slack:message:approval:9:1',
          waits_for: ['approval:9:1'],
        },
        { key: 'approval:8:1:approved', conversation: 'slack:dm:U8', waits_for: null },
        {
          key: 'approval:9:1:approved',
          conversation: 'slack:message:approval:9:1',
          waits_for: ['approval:9:1'],
        },
      ]);
      // The two updates of one message go out in the order they were queued: the older first.
      const worker = testOutboxRows(database.db);
      const claimed = await worker.claim('after-upgrade', ['slack'], 'answers');
      expect(claimed.map((row) => row.key)).toEqual(['approval:9:1:countered']);
    } finally {
      await upgraded.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
