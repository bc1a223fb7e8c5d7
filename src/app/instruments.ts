import type { Platform } from './context.ts';

/** How a delivery attempt ended, as the metrics count it. */
export type DeliveryOutcome = 'sent' | 'retried' | 'rate_limited' | 'failed';

/**
 * What the service counts as it works (README, "Metrics"). The platform layers, the outbox worker
 * and the scheduler report here; the Prometheus registry behind it lives in src/metrics/. The CLI
 * and tests that do not look get `noInstruments`.
 */
export type Instruments = {
  /** A slash or typed command, a click or a form: which, on which platform, how it went, how long. */
  handled(
    kind: 'command' | 'interaction',
    platform: Platform,
    name: string,
    outcome: 'ok' | 'failed',
    seconds: number,
  ): void;
  delivered(platform: Platform, outcome: DeliveryOutcome): void;
  morningMessages(event: 'queued' | 'sent', count: number): void;
  /** The platform refused for want of a scope (Slack) or permission (Lark) the app was not given. */
  missingPermission(platform: Platform, permission: string): void;
};

export const noInstruments: Instruments = {
  handled: () => {},
  delivered: () => {},
  morningMessages: () => {},
  missingPermission: () => {},
};
