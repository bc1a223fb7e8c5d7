/**
 * Child process for bench:approvals and bench:soak: the real AccountDesk service on Postgres plus
 * the fake Slack Web API its outbox delivers to, as in bench/commands/service.ts (which it follows;
 * that one stays as it is). On top of it, what these two benches need to see from inside:
 *
 * - every `chat.update` the fake answers, with the time it arrived (the fake's own `at`), sent to
 *   the parent in batches — the end of a click's round trip, measured where Slack would see it;
 * - the stored copy of a message (its text and blocks), so a click carries what Slack would send;
 * - memory: RSS, heap, and what the fake holds (its stored messages are kept for updates and
 *   permalinks; on real Slack they would not be in this process at all).
 *
 * Env as for bench/commands/service.ts; BENCH_WATCH_UPDATES=1 turns the update feed on; BENCH_CHILD
 * (below) runs the fake in a process of its own.
 */
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startService } from '../../src/service.ts';
import { startFakeSlack } from '../../tests/support/fake-slack.ts';
import { send, serveParent } from '../commands/protocol.ts';
import { isBenchRequest, type MemorySample, type UpdateSeen } from './child-protocol.ts';

const POLL_MS = 10;

function reply(message: unknown): void {
  process.send?.(message);
}

/**
 * BENCH_CHILD picks what this process runs: `service+fake` (the default) both; `fake` the fake Slack
 * alone; `service` the service alone, delivering to the fake at BENCH_SLACK_API_URL (bench:soak runs
 * the fake in a process of its own, so the service's memory is the service's).
 */
type Role = 'service+fake' | 'fake' | 'service';

function roleOf(value: string | undefined): Role {
  if (value === undefined || value === 'service+fake' || value === 'fake' || value === 'service') {
    return value ?? 'service+fake';
  }
  throw new Error(`BENCH_CHILD must be service+fake, fake or service, not ${value}`);
}

async function main(): Promise<void> {
  const role = roleOf(process.env.BENCH_CHILD);
  const fake = role === 'service' ? undefined : await startFakeSlack();
  try {
    const apiUrl = fake?.apiUrl ?? process.env.BENCH_SLACK_API_URL;
    if (!apiUrl) throw new Error('BENCH_CHILD=service needs BENCH_SLACK_API_URL');
    let service: Awaited<ReturnType<typeof startService>> | undefined;
    if (role !== 'fake') {
      const config = loadConfig({ ...process.env, SLACK_API_URL: apiUrl, PORT: '0' });
      const logger = createLogger(config.LOG_LEVEL);
      // No scheduler: a morning pass (or Monday's weekly charts) starting mid-run would be measured as clicks.
      service = await startService({ config, logger, scheduler: false });
    }
    const watch = process.env.BENCH_WATCH_UPDATES === '1';
    let delivered = 0;
    // The fake logs every call for tests; here each is looked at once (for chat.update) and dropped,
    // so the log never grows. A short poll: the fake's `at` is the arrival time, not when we looked.
    const poll = setInterval(() => {
      const calls = fake?.calls.splice(0) ?? [];
      delivered += calls.length;
      if (!watch) return;
      const updates: UpdateSeen[] = [];
      for (const call of calls) {
        if (call.method !== 'chat.update') continue;
        updates.push({
          channel: String(call.args.channel ?? ''),
          ts: String(call.args.ts ?? ''),
          at: call.at,
          ok: call.status === 200,
        });
      }
      if (updates.length > 0) reply({ type: 'updates', updates });
    }, POLL_MS);

    const memory = (withFake: boolean): MemorySample => {
      const usage = process.memoryUsage();
      const sample = {
        rssMb: usage.rss / 2 ** 20,
        heapUsedMb: usage.heapUsed / 2 ** 20,
        heapTotalMb: usage.heapTotal / 2 ** 20,
        externalMb: usage.external / 2 ** 20,
      };
      if (!withFake || !fake) return sample;
      // A snapshot copies the whole store: only asked for at the end, never while sampling.
      const messages = fake.workspace.snapshot().messages;
      return {
        ...sample,
        fakeMessages: messages.length,
        fakeRevisions: messages.reduce((sum, m) => sum + m.history.length, 0),
      };
    };

    process.on('message', (message: unknown) => {
      if (!isBenchRequest(message)) return;
      if (message.type === 'message') {
        const stored = fake?.workspace.messages(message.channel).find((m) => m.ts === message.ts);
        reply({
          type: 'message',
          id: message.id,
          ...(stored ? { text: stored.text ?? '', blocks: stored.blocks ?? [] } : {}),
        });
      } else if (message.type === 'memory') {
        // With --expose-gc: after a full collection, so the figure is what is still held.
        if (message.gc) globalThis.gc?.();
        reply({ type: 'memory', id: message.id, sample: memory(message.withFake === true) });
      } else if (message.type === 'reset-fake') {
        // What the fake kept (messages, views, conversations) is its memory, not the service's.
        fake?.workspace.reset();
        globalThis.gc?.();
        reply({ type: 'reset-fake', id: message.id, sample: memory(false) });
      }
    });

    serveParent({
      fakeSlackCalls: () => delivered + (fake?.calls.length ?? 0),
      async stop() {
        clearInterval(poll);
        await service?.stop();
        await fake?.stop();
      },
    });
    // A fake alone answers with its API's address as its url (what the service child is given).
    send({
      type: 'ready',
      url: service?.url ?? apiUrl,
      fakeSlackUrl: fake?.url ?? new URL('..', apiUrl).toString().replace(/\/$/, ''),
    });
  } catch (error) {
    await fake?.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`bench service failed to start: ${text}\n`);
  send({ type: 'failed', error: text });
  process.exit(1);
});
