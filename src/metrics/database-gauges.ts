import { Gauge, Registry } from 'prom-client';
import { pendingApprovalHealth } from '../app/discounts/pending-approvals.ts';
import { outboxHealth } from '../app/outbox.ts';
import type { Db } from '../db/client.ts';

/** A scrape must not hang on a database that does not answer: past this the gauges are left out. */
const QUERY_TIMEOUT_MS = 2000;

export type DatabaseGauges = {
  /** Reads the figures; the text of its gauges, or '' (and database_up 0) when the database failed. */
  scrape(): Promise<string>;
};

/**
 * Gauges read from the database at scrape time, in a registry of their own so that a scrape with
 * the database down still serves everything else and simply leaves these out.
 */
export function createDatabaseGauges(db: Db, serviceRegistry: Registry): DatabaseGauges {
  const registry = new Registry();
  const up = new Gauge({
    name: 'accountdesk_database_up',
    help: '1 when the last scrape could read the database-backed gauges, else 0.',
    registers: [serviceRegistry],
  });
  const outboxByStatus = new Gauge({
    name: 'accountdesk_outbox_messages',
    help: 'Outbox rows by platform and status (pending, sent, failed).',
    labelNames: ['platform', 'status'],
    registers: [registry],
  });
  const oldestPending = new Gauge({
    name: 'accountdesk_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest message still waiting to be delivered, by platform (0 when none waits).',
    labelNames: ['platform'],
    registers: [registry],
  });
  const approvalsPending = new Gauge({
    name: 'accountdesk_approvals_pending',
    help: 'Approval steps waiting for a decision.',
    registers: [registry],
  });
  const approvalOldest = new Gauge({
    name: 'accountdesk_approvals_oldest_pending_age_seconds',
    help: 'How long the longest-waiting approval step has waited (0 when none waits).',
    registers: [registry],
  });

  async function read(): Promise<void> {
    const [outbox, approvals] = await Promise.all([outboxHealth(db), pendingApprovalHealth(db)]);
    outboxByStatus.reset();
    oldestPending.reset();
    for (const platform of ['slack', 'lark']) oldestPending.set({ platform }, 0);
    for (const row of outbox) {
      outboxByStatus.set({ platform: row.platform, status: row.status }, row.count);
      if (row.status === 'pending') oldestPending.set({ platform: row.platform }, row.oldestAgeSeconds);
    }
    approvalsPending.set(approvals.pending);
    approvalOldest.set(approvals.oldestAgeSeconds);
  }

  return {
    async scrape() {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          read(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('database gauges timed out')), QUERY_TIMEOUT_MS);
          }),
        ]);
        up.set(1);
        return await registry.metrics();
      } catch {
        up.set(0);
        return '';
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
