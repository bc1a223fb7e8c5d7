import { performance } from 'node:perf_hooks';

/** Messages between the bench orchestrator (parent) and its child processes, over Node's IPC channel. */

/** Cumulative counters of a child process; the parent takes differences around each phase. */
export type ChildStats = {
  cpuUserMs: number;
  cpuSystemMs: number;
  /** performance.eventLoopUtilization() totals, in ms. */
  eluActiveMs: number;
  eluIdleMs: number;
  rssMb: number;
  /** Calls the fake Slack Web API answered (service child only). */
  fakeSlackCalls?: number;
};

export type ChildMessage =
  | { type: 'ready'; url: string; fakeSlackUrl?: string }
  | { type: 'stats'; stats: ChildStats }
  | { type: 'failed'; error: string };

export type ParentMessage = { type: 'stats' } | { type: 'stop' };

export function isChildMessage(value: unknown): value is ChildMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    (value.type === 'ready' || value.type === 'stats' || value.type === 'failed')
  );
}

export function isParentMessage(value: unknown): value is ParentMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    (value.type === 'stats' || value.type === 'stop')
  );
}

export function collectStats(fakeSlackCalls?: number): ChildStats {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  return {
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    eluActiveMs: elu.active,
    eluIdleMs: elu.idle,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
    ...(fakeSlackCalls === undefined ? {} : { fakeSlackCalls }),
  };
}

/**
 * Wires a child to its parent: answers stats requests, stops on 'stop', SIGTERM, SIGINT or when the
 * parent goes away (so an orchestrator that crashed never leaves a server running).
 */
export function serveParent(options: { stop: () => Promise<void>; fakeSlackCalls?: () => number }): void {
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    const hardExit = setTimeout(() => process.exit(code), 5000);
    hardExit.unref();
    options
      .stop()
      .catch((error: unknown) => process.stderr.write(`stop failed: ${String(error)}\n`))
      .finally(() => process.exit(code));
  };
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === 'stop') shutdown(0);
    else send({ type: 'stats', stats: collectStats(options.fakeSlackCalls?.()) });
  });
  process.on('disconnect', () => shutdown(0));
  process.once('SIGTERM', () => shutdown(0));
  process.once('SIGINT', () => shutdown(0));
}

export function send(message: ChildMessage): void {
  process.send?.(message);
}
