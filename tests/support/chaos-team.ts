import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import type { Database } from '../../src/db/client.ts';
import { discountRequests, outbox } from '../../src/db/schema.ts';
import type { FakeSlack } from './fake-slack.ts';

/**
 * The small team the chaos tests kill services under (a supervisor, a rep, the rep's customer
 * Globex), imported with the CLI as an admin would, and what they read back of the fake Slack.
 */
export async function importChaosTeam(dir: string, env: Record<string, string>): Promise<void> {
  const members = join(dir, 'members.csv');
  const customers = join(dir, 'customers.csv');
  writeFileSync(
    members,
    'platform,user_id,name,role,manager_user_id\nslack,U0SUP,Sam Supervisor,supervisor,\nslack,U0REP,Riley Rep,rep,U0SUP\n',
  );
  writeFileSync(customers, 'name,tier,owner_user_id,status\nGlobex,A,U0REP,active\n');
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env };
  expect(await runCli(['import', 'members', members], io)).toBe(0);
  expect(await runCli(['import', 'customers', customers], io)).toBe(0);
}

/** Messages in the fake Slack (any conversation) that carry this outbox key in their metadata. */
export function messagesCarrying(slack: FakeSlack, key: string) {
  const channels = new Set(
    slack
      .callsTo('chat.postMessage')
      .map((call) => (call.args as { channel?: string }).channel)
      .filter((id): id is string => id !== undefined),
  );
  // A DM is reached both by the member's user id and by its channel id (a thread reply in it is posted
  // to the channel id): the same message seen twice must count once, by where it is and its ts.
  const carrying = new Map<string, ReturnType<FakeSlack['messages']>[number]>();
  for (const channel of channels)
    for (const message of slack.messages(channel))
      if (JSON.stringify(message.metadata ?? {}).includes(`"${key}"`))
        carrying.set(`${message.channel}:${message.ts}`, message);
  return [...carrying.values()];
}

/**
 * The outbox key of the first approval message of the request filed with this justification, once
 * it is filed: found by what the rep typed, not by guessing its number.
 */
export async function approvalKeyFor(db: Database['db'], justification: string, withinMs = 20_000) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const [request] = await db
      .select({ id: discountRequests.id })
      .from(discountRequests)
      .where(eq(discountRequests.justification, justification));
    if (request) return `approval:${request.id}:1`;
    if (Date.now() > deadline) throw new Error(`no request “${justification}” within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the row whose key is like `pattern` has begun an attempt; returns its key. */
export async function attemptBegun(db: Database['db'], pattern: string, withinMs = 20_000): Promise<string> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const [row] = await db.select().from(outbox).where(sql`${outbox.key} like ${pattern}`);
    if (row?.attemptStartedAt) return row.key;
    if (Date.now() > deadline) throw new Error(`no attempt at ${pattern} within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Milliseconds until every row is sent (none pending), or a failure naming the rows still waiting. */
export async function allSent(db: Database['db'], withinMs: number): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + withinMs;
  for (;;) {
    const pending = await db.select().from(outbox).where(eq(outbox.status, 'pending'));
    if (pending.length === 0) return performance.now() - started;
    if (Date.now() > deadline) throw new Error(`still pending: ${pending.map((row) => row.key).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
