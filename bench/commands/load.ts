/**
 * Load generation with node:http and a keep-alive Agent, to 127.0.0.1 only.
 * - openLoop: sends on a timer at a fixed rate whatever the responses do; latency runs from the
 *   *scheduled* send time to the end of the response, so a stall is never hidden (no coordinated omission).
 * - closedLoop: N workers each send, wait, send again until the deadline: maximum throughput.
 * Every loop ends on time; requests still open REQUEST_TIMEOUT_MS after their send are counted as errors.
 */
import { Agent, request } from 'node:http';
import type { BenchRequest } from './workload.ts';

export const REQUEST_TIMEOUT_MS = 10_000;

export type PhaseResult = {
  /** Responses that were 200 with the expected reply. */
  ok: number;
  errors: number;
  errorSamples: Map<string, number>;
  /** Latencies of successful requests, ms, sorted ascending. */
  latencies: number[];
  /** Worst latency per second of the phase (by send time), to see whether slow requests cluster. */
  worstPerSecond: number[];
  elapsedMs: number;
  /** Successful responses per second over the phase. */
  throughput: number;
  /** Offered rate for open-loop phases. */
  offeredRps?: number;
  concurrency?: number;
};

type Sent = { status: number; body: string };

function post(agent: Agent, target: URL, req: BenchRequest): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: '/slack/events',
        method: 'POST',
        headers: req.headers,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

class Recorder {
  ok = 0;
  errors = 0;
  errorSamples = new Map<string, number>();
  latencies: number[] = [];
  worstPerSecond: number[] = [];

  constructor(private readonly phaseStart: number) {}

  async run(agent: Agent, target: URL, req: BenchRequest, startedAt: number): Promise<void> {
    let problem: string | undefined;
    try {
      const { status, body } = await post(agent, target, req);
      problem = req.check(status, body);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem === undefined) {
      this.ok++;
      const latency = performance.now() - startedAt;
      this.latencies.push(latency);
      const second = Math.floor((startedAt - this.phaseStart) / 1000);
      this.worstPerSecond[second] = Math.max(this.worstPerSecond[second] ?? 0, latency);
    } else {
      this.errors++;
      this.errorSamples.set(problem, (this.errorSamples.get(problem) ?? 0) + 1);
    }
  }

  result(elapsedMs: number, extra: Pick<PhaseResult, 'offeredRps' | 'concurrency'>): PhaseResult {
    this.latencies.sort((a, b) => a - b);
    return {
      ok: this.ok,
      errors: this.errors,
      errorSamples: this.errorSamples,
      latencies: this.latencies,
      worstPerSecond: Array.from(this.worstPerSecond, (ms) => ms ?? 0),
      elapsedMs,
      throughput: this.ok / (elapsedMs / 1000),
      ...extra,
    };
  }
}

function newAgent(): Agent {
  // A fresh agent per phase: no socket the server closed while idle between phases gets reused.
  return new Agent({ keepAlive: true, maxSockets: 512 });
}

export async function openLoop(
  target: URL,
  next: () => BenchRequest,
  options: { rate: number; durationMs: number },
): Promise<PhaseResult> {
  const agent = newAgent();
  const interval = 1000 / options.rate;
  const total = Math.round((options.rate * options.durationMs) / 1000);
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  const recorder = new Recorder(start);
  let sent = 0;
  try {
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        while (sent < total && start + sent * interval <= now) {
          const scheduled = start + sent * interval;
          sent++;
          inflight.push(recorder.run(agent, target, next(), scheduled));
        }
        if (sent >= total) return resolve();
        setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      };
      tick();
    });
    await Promise.all(inflight);
    return recorder.result(performance.now() - start, { offeredRps: options.rate });
  } finally {
    agent.destroy();
  }
}

export async function closedLoop(
  target: URL,
  next: () => BenchRequest,
  options: { concurrency: number; durationMs: number },
): Promise<PhaseResult> {
  const agent = newAgent();
  const start = performance.now();
  const recorder = new Recorder(start);
  const deadline = start + options.durationMs;
  try {
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline) await recorder.run(agent, target, next(), performance.now());
      }),
    );
    return recorder.result(performance.now() - start, { concurrency: options.concurrency });
  } finally {
    agent.destroy();
  }
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
