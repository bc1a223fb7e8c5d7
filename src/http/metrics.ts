import { outboxBacklog } from '../app/outbox.ts';
import type { Db } from '../db/client.ts';

export type Metrics = {
  observeRequest(path: string, status: number, ms: number): void;
  render(): Promise<string>;
};

const KNOWN_PATHS = new Set([
  '/slack/events',
  '/lark/events',
  '/lark/card',
  '/healthz',
  '/readyz',
  '/metrics',
]);

/** Prometheus text format: request counts and latency sums per path, and the outbox backlog. */
export function createMetrics(db: Db): Metrics {
  const requests = new Map<string, number>();
  const latency = new Map<string, number>();
  return {
    observeRequest(path, status, ms) {
      const route = KNOWN_PATHS.has(path) ? path : 'other';
      const key = `path="${route}",status="${status}"`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      latency.set(route, (latency.get(route) ?? 0) + ms);
    },
    async render() {
      const lines = [
        '# HELP accountdesk_http_requests_total HTTP requests by path and status.',
        '# TYPE accountdesk_http_requests_total counter',
        ...[...requests].map(([labels, count]) => `accountdesk_http_requests_total{${labels}} ${count}`),
        '# HELP accountdesk_http_request_ms_sum Time spent answering, per path.',
        '# TYPE accountdesk_http_request_ms_sum counter',
        ...[...latency].map(
          ([path, ms]) => `accountdesk_http_request_ms_sum{path="${path}"} ${ms.toFixed(1)}`,
        ),
      ];
      const backlog = await outboxBacklog(db);
      lines.push(
        '# HELP accountdesk_outbox_messages Outbox rows by status.',
        '# TYPE accountdesk_outbox_messages gauge',
      );
      for (const row of backlog)
        lines.push(`accountdesk_outbox_messages{status="${row.status}"} ${row.count}`);
      return `${lines.join('\n')}\n`;
    },
  };
}
