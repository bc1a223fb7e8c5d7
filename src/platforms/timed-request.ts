import type { Platform } from '../app/context.ts';
import type { Instruments } from '../app/instruments.ts';
import { currentRequest } from '../request-context.ts';

/**
 * Runs one command or interaction and reports it to the metrics: how long it took, and `failed`
 * when it threw or when a guard caught a failure and told the member nothing was saved.
 */
export async function timedRequest<T>(
  instruments: Instruments,
  what: { kind: 'command' | 'interaction'; platform: Platform; name: string },
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  let failed = false;
  try {
    return await work();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const outcome = failed || currentRequest()?.failed ? 'failed' : 'ok';
    instruments.handled(what.kind, what.platform, what.name, outcome, (performance.now() - started) / 1000);
  }
}
