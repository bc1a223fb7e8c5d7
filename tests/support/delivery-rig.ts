/**
 * The outbox worker and both real notifiers (real Slack and Lark clients) against the fake Slack
 * and fake Lark, on a database of the caller's: what the delivery tests and bench/delivery share.
 */
import type { Db } from '../../src/db/client.ts';
import { createOutboxWorker, type OutboxWorkerOptions } from '../../src/jobs/outbox-worker.ts';
import type { Logger } from '../../src/logger.ts';
import { createLarkClient } from '../../src/platforms/lark/client.ts';
import { createLarkNotifier, type LarkNotifierOptions } from '../../src/platforms/lark/notifier.ts';
import {
  createSlackNotifier,
  createSlackWebClient,
  type SlackNotifierOptions,
} from '../../src/platforms/slack/notifier.ts';
import type { RateLimitOptions } from '../../src/sandbox/emulator/rate-limits.ts';
import { type FakeLark, startFakeLark } from './fake-lark.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';

export type DeliveryRigOptions = {
  db: Db;
  logger: Logger;
  slackLimits?: RateLimitOptions;
  larkLimits?: RateLimitOptions;
  slack?: SlackNotifierOptions;
  lark?: Pick<LarkNotifierOptions, 'appRate'>;
  worker?: Partial<Omit<OutboxWorkerOptions, 'db' | 'logger' | 'notifiers'>>;
};

export async function startDeliveryRig(options: DeliveryRigOptions) {
  const slack: FakeSlack = await startFakeSlack(
    options.slackLimits ? { rateLimits: options.slackLimits } : {},
  );
  const lark: FakeLark = await startFakeLark(options.larkLimits ? { rateLimits: options.larkLimits } : {});
  /** A worker with notifiers of its own, as another instance (or a restarted one) would have. */
  const newWorker = (overrides: DeliveryRigOptions['worker'] = {}) => {
    const slackClient = createSlackWebClient('xoxb-test', slack.apiUrl, options.logger);
    const larkClient = createLarkClient(
      { appId: lark.credentials.appId, appSecret: lark.credentials.appSecret, domain: lark.url },
      options.logger,
    );
    return createOutboxWorker({
      db: options.db,
      logger: options.logger,
      notifiers: {
        slack: createSlackNotifier(slackClient, options.slack),
        lark: createLarkNotifier(larkClient, options.lark ?? {}),
      },
      pollMs: 50,
      baseBackoffMs: 100,
      maxBackoffMs: 400,
      ...options.worker,
      ...overrides,
    });
  };
  const worker = newWorker();
  return {
    slack,
    lark,
    worker,
    newWorker,
    async stop() {
      await worker.stop(1000);
      await slack.stop();
      await lark.stop();
    },
  };
}

/** The most calls that arrived in any window of `windowMs` (each call opens a window). */
export function busiestWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
