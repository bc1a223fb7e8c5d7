import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Platform } from '../app/context.ts';
import type { DeliveryOutcome, Instruments } from '../app/instruments.ts';
import type { Db } from '../db/client.ts';
import { createDatabaseGauges } from './database-gauges.ts';

/** Seconds; 3 s is Slack's limit for an acknowledgement, so the buckets are fine below it. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

/** The service's own paths; anything else is counted as `other` so a scanner cannot grow the label set. */
const KNOWN_PATHS = new Set([
  '/slack/events',
  '/lark/events',
  '/lark/card',
  '/healthz',
  '/readyz',
  '/metrics',
]);

/** Command and action names come from payloads: bounded to what our own messages can carry. */
const boundedName = (name: string) => (/^[\w./:-]{1,40}$/.test(name) ? name : 'other');

export type ServiceMetrics = Instruments & {
  observeRequest(path: string, status: number, seconds: number): void;
  /** The Prometheus text of every metric; the database-backed gauges only when the database answers. */
  render(): Promise<string>;
  contentType: string;
};

/**
 * The service's metrics on prom-client (README, "Metrics"): Node and process defaults, HTTP,
 * commands and interactions, deliveries, morning messages, missing permissions, and gauges read
 * from the database at scrape time (outbox depth and age, approvals waiting).
 */
export function createServiceMetrics(db: Db): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: 'accountdesk_http_requests_total',
    help: 'HTTP requests by path and status.',
    labelNames: ['path', 'status'],
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'accountdesk_http_request_duration_seconds',
    help: 'Time from request to the end of the response, by path.',
    labelNames: ['path'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const handledTotal = {
    command: new Counter({
      name: 'accountdesk_commands_total',
      help: 'Slash and typed commands by platform, command and outcome (ok, failed).',
      labelNames: ['platform', 'command', 'outcome'],
      registers: [registry],
    }),
    interaction: new Counter({
      name: 'accountdesk_interactions_total',
      help: 'Clicks, form submissions and type-ahead by platform, action and outcome (ok, failed).',
      labelNames: ['platform', 'action', 'outcome'],
      registers: [registry],
    }),
  };
  const handledDuration = {
    command: new Histogram({
      name: 'accountdesk_command_duration_seconds',
      help: 'Time to handle a command, by platform and command.',
      labelNames: ['platform', 'command'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    interaction: new Histogram({
      name: 'accountdesk_interaction_duration_seconds',
      help: 'Time to handle a click or form, by platform and action.',
      labelNames: ['platform', 'action'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  };
  const deliveries = new Counter({
    name: 'accountdesk_outbox_deliveries_total',
    help: 'Outbox delivery attempts by platform and outcome (sent, retried, rate_limited, failed).',
    labelNames: ['platform', 'outcome'],
    registers: [registry],
  });
  const morning = new Counter({
    name: 'accountdesk_morning_messages_total',
    help: 'Morning messages (rep due lists, team digests) by event: queued, sent.',
    labelNames: ['event'],
    registers: [registry],
  });
  const missing = new Counter({
    name: 'accountdesk_missing_permission_total',
    help: 'Calls refused for a Slack scope or Lark permission the app lacks, by platform and permission.',
    labelNames: ['platform', 'permission'],
    registers: [registry],
  });
  for (const event of ['queued', 'sent']) morning.inc({ event }, 0);
  const gauges = createDatabaseGauges(db, registry);

  return {
    contentType: registry.contentType,
    observeRequest(path, status, seconds) {
      const route = KNOWN_PATHS.has(path) ? path : 'other';
      httpRequests.inc({ path: route, status: String(status) });
      httpDuration.observe({ path: route }, seconds);
    },
    handled(kind, platform: Platform, name, outcome, seconds) {
      if (kind === 'command') {
        const labels = { platform, command: boundedName(name) };
        handledTotal.command.inc({ ...labels, outcome });
        handledDuration.command.observe(labels, seconds);
      } else {
        const labels = { platform, action: boundedName(name) };
        handledTotal.interaction.inc({ ...labels, outcome });
        handledDuration.interaction.observe(labels, seconds);
      }
    },
    delivered(platform, outcome: DeliveryOutcome) {
      deliveries.inc({ platform, outcome });
    },
    morningMessages(event, count) {
      if (count > 0) morning.inc({ event }, count);
    },
    missingPermission(platform, permission) {
      missing.inc({ platform, permission: boundedName(permission) });
    },
    async render() {
      // The database gauges first: they set accountdesk_database_up, which the service registry holds.
      const fromDatabase = await gauges.scrape();
      return `${await registry.metrics()}${fromDatabase ? `\n${fromDatabase}` : ''}`;
    },
  };
}
