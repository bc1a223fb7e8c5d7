import type { Db } from '../../src/db/client.ts';
import { type OutboxRowsOptions, outboxRows } from '../../src/jobs/outbox-rows.ts';
import { createLogger } from '../../src/logger.ts';

/**
 * The worker's outbox rows (src/jobs/outbox-rows.ts) as the claim tests drive them: a claim held
 * 30 s (nothing runs out during a test), batches of 20, no log; `options` for what a test needs else.
 */
export function testOutboxRows(db: Db, options: Partial<OutboxRowsOptions> = {}) {
  return outboxRows({
    db,
    logger: createLogger('silent'),
    leaseMs: 30_000,
    batchSize: 20,
    maxAttempts: 5,
    baseBackoffMs: 1000,
    maxBackoffMs: 60_000,
    leases: new Set(),
    ...options,
  });
}
