/**
 * Child process: the floors. A bare Bolt App on its own HTTPReceiver with the same signing secret
 * and the same `processBeforeResponse: false` as the service, whose `/visit` and `/discount`
 * listeners only acknowledge (FLOOR=ack) — or first store the command's text with one INSERT, its
 * own transaction, in the bench database (FLOOR=write, DATABASE_URL; postgres.js with the service's
 * pool of 10): the least any durable command can cost. Whatever the service costs above these is
 * ours, not Bolt's, Node's or Postgres's.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import postgres from 'postgres';
import { send, serveParent } from './protocol.ts';

async function main(): Promise<void> {
  const signingSecret = process.env.SLACK_SIGNING_SECRET;
  if (!signingSecret) throw new Error('SLACK_SIGNING_SECRET is required');
  const writes = process.env.FLOOR === 'write';
  if (writes && !process.env.DATABASE_URL) throw new Error('FLOOR=write needs DATABASE_URL');
  const sql = writes ? postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} }) : undefined;
  if (sql) {
    await sql`create table if not exists bench_floor_writes (id bigserial primary key, user_id text not null,
      text text not null, created_at timestamptz not null default now())`;
  }
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logLevel: LogLevel.WARN,
  });
  // Same authorize as the service: a fixed token, no auth.test round trip.
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: 'xoxb-floor' }),
    logLevel: LogLevel.WARN,
  });
  for (const name of ['/visit', '/discount']) {
    app.command(name, async ({ ack, command }) => {
      if (sql)
        await sql`insert into bench_floor_writes (user_id, text) values (${command.user_id}, ${command.text})`;
      await ack();
    });
  }
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  serveParent({
    async stop() {
      server.closeAllConnections();
      await app.stop();
      await sql?.end({ timeout: 5 });
    },
  });
  send({ type: 'ready', url: `http://127.0.0.1:${port}` });
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`bench floor failed to start: ${text}\n`);
  send({ type: 'failed', error: text });
  process.exit(1);
});
