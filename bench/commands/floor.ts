/**
 * Child process: the floor. A bare Bolt App on its own HTTPReceiver with the same signing secret and
 * the same `processBeforeResponse: false` as the service, whose `/visit` and `/discount` listeners
 * only acknowledge. Whatever the service costs above this is ours, not Bolt's or Node's.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { send, serveParent } from './protocol.ts';

async function main(): Promise<void> {
  const signingSecret = process.env.SLACK_SIGNING_SECRET;
  if (!signingSecret) throw new Error('SLACK_SIGNING_SECRET is required');
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
  app.command('/visit', async ({ ack }) => {
    await ack();
  });
  app.command('/discount', async ({ ack }) => {
    await ack();
  });
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  serveParent({
    async stop() {
      server.closeAllConnections();
      await app.stop();
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
