/**
 * Starts bench/approvals/service.ts as a child and talks to it: ready, stats (bench/commands'
 * protocol), the bench requests of child-protocol.ts, the pushed update feed, and a stop that
 * always ends it (SIGKILL after 8 s). Registered with the bench's cleanup so it never outlives it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildStats, isChildMessage } from '../commands/protocol.ts';
import type { Cleanup } from '../common/cleanup.ts';
import {
  type BenchAnswer,
  type BenchRequest,
  isBenchAnswer,
  type MemorySample,
  type UpdateSeen,
} from './child-protocol.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '..', '..');

export type ServiceChild = {
  pid: number;
  url: URL;
  fakeSlackUrl: string;
  stats(): Promise<ChildStats>;
  memory(options?: { gc?: boolean; withFake?: boolean }): Promise<MemorySample>;
  resetFake(): Promise<MemorySample>;
  storedMessage(channel: string, ts: string): Promise<{ text?: string; blocks?: unknown[] }>;
  onUpdates(listener: (updates: UpdateSeen[]) => void): void;
  stop(): Promise<void>;
};

function waitForExit(proc: ChildProcess, ms: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    proc.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

type Distributed<T> = T extends unknown ? Omit<T, 'id'> : never;

export async function startServiceChild(options: {
  env: Record<string, string | undefined>;
  logFile: string;
  cleanup: Cleanup;
  execArgv?: string[];
}): Promise<ServiceChild> {
  const fd = openSync(options.logFile, 'a');
  const proc = fork(join(HERE, 'service.ts'), [], {
    cwd: ROOT,
    env: options.env,
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    if (proc.connected) proc.send({ type: 'stop' });
    else proc.kill('SIGTERM');
    if (!(await waitForExit(proc, 8000))) {
      proc.kill('SIGKILL');
      await waitForExit(proc, 2000);
    }
  };
  options.cleanup.add(stop);

  const listeners: ((updates: UpdateSeen[]) => void)[] = [];
  const waiting = new Map<number, (answer: BenchAnswer) => void>();
  proc.on('message', (message: unknown) => {
    if (!isBenchAnswer(message)) return;
    if (message.type === 'updates') {
      for (const listener of listeners) listener(message.updates);
      return;
    }
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  let nextId = 0;
  const ask = (request: Distributed<BenchRequest>): Promise<BenchAnswer> =>
    new Promise((answered, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`service child did not answer ${request.type}`));
      }, 30_000);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        answered(answer);
      });
      proc.send({ ...request, id });
    });
  const sampleOf = (answer: BenchAnswer): MemorySample => {
    if (!('sample' in answer)) throw new Error(`unexpected answer ${answer.type}`);
    return answer.sample;
  };

  const ready = await new Promise<{ url: string; fakeSlackUrl?: string }>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`service not ready after 60 s; see ${options.logFile}`)),
      60_000,
    );
    proc.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolveReady(message);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`service failed to start: ${message.error}`));
      }
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`service exited (${code ?? signal}) before it was ready; see ${options.logFile}`));
    });
  });
  const stats = () =>
    new Promise<ChildStats>((resolveStats, reject) => {
      const timer = setTimeout(() => reject(new Error('service did not report stats')), 5000);
      const onMessage = (message: unknown) => {
        if (!isChildMessage(message) || message.type !== 'stats') return;
        clearTimeout(timer);
        proc.off('message', onMessage);
        resolveStats(message.stats);
      };
      proc.on('message', onMessage);
      proc.send({ type: 'stats' });
    });
  return {
    pid: proc.pid ?? 0,
    url: new URL(ready.url),
    fakeSlackUrl: ready.fakeSlackUrl ?? '',
    stats,
    memory: async (opts = {}) => sampleOf(await ask({ type: 'memory', ...opts })),
    resetFake: async () => sampleOf(await ask({ type: 'reset-fake' })),
    async storedMessage(channel, ts) {
      const answer = await ask({ type: 'message', channel, ts });
      if (answer.type !== 'message') throw new Error(`unexpected answer ${answer.type}`);
      return {
        ...(answer.text !== undefined ? { text: answer.text } : {}),
        ...(answer.blocks ? { blocks: answer.blocks } : {}),
      };
    },
    onUpdates: (listener) => listeners.push(listener),
    stop,
  };
}
