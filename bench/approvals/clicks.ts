/**
 * The approve clicks: a `block_actions` payload as Slack sends it for the approval message's
 * Approve button (the message's own text and blocks included), signed, posted open-loop at a fixed
 * rate. Each click's send time is its *scheduled* time, so a stall in this process or the service
 * is never hidden; both ends of the round trip are epoch ms (Date.now() in the service child).
 */
import { Agent, request } from 'node:http';
import { blockAction, signSlack } from '../../tests/support/slack-requests.ts';

export type ClickTarget = {
  requestId: number;
  stepNo: number;
  approverUserId: string;
  repUserId: string;
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
};

export type ClickOutcome = {
  target: ClickTarget;
  /** Scheduled send, epoch ms. */
  sentAt: number;
  /** Until the end of the HTTP response, ms; undefined when it failed. */
  ackMs?: number;
  error?: string;
};

const TIMEOUT_MS = 10_000;

function post(agent: Agent, url: URL, body: string, secret: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/slack/events',
        method: 'POST',
        timeout: TIMEOUT_MS,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
          ...signSlack(secret, body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export function clickBody(target: ClickTarget, responseUrl: string, seq: number): string {
  return blockAction({
    userId: target.approverUserId,
    actionId: 'approval.approve',
    value: `${target.requestId}:${target.stepNo}`,
    buttonText: 'Approve',
    channelId: target.channel,
    messageTs: target.ts,
    messageText: target.text ?? '',
    messageBlocks: target.blocks ?? [],
    responseUrl,
    triggerId: `bench-approvals.${seq}.${target.requestId}`,
  });
}

/** Sends one click per target, `rate` per second, in the given order; resolves when all answered. */
export async function clickOpenLoop(options: {
  url: URL;
  targets: ClickTarget[];
  rate: number;
  secret: string;
  responseUrl: (seq: number) => string;
  onSend?: (target: ClickTarget, sentAt: number) => void;
}): Promise<ClickOutcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const interval = 1000 / options.rate;
  const outcomes: Promise<ClickOutcome>[] = [];
  const start = performance.now();
  let sent = 0;
  const send = async (target: ClickTarget, scheduled: number, seq: number): Promise<ClickOutcome> => {
    const sentAt = performance.timeOrigin + scheduled;
    options.onSend?.(target, sentAt);
    try {
      const status = await post(
        agent,
        options.url,
        clickBody(target, options.responseUrl(seq), seq),
        options.secret,
      );
      const ackMs = performance.now() - scheduled;
      return status === 200 ? { target, sentAt, ackMs } : { target, sentAt, error: `HTTP ${status}` };
    } catch (error) {
      return { target, sentAt, error: error instanceof Error ? error.message : String(error) };
    }
  };
  try {
    await new Promise<void>((done) => {
      const tick = () => {
        const now = performance.now();
        while (sent < options.targets.length && start + sent * interval <= now) {
          const scheduled = start + sent * interval;
          outcomes.push(send(options.targets[sent]!, scheduled, sent));
          sent++;
        }
        if (sent >= options.targets.length) return done();
        setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      };
      tick();
    });
    return await Promise.all(outcomes);
  } finally {
    agent.destroy();
  }
}
