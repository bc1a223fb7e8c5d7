/**
 * Outages and failures on demand: what lets a test see the service cope with Slack being down,
 * rate limiting it, or answering an error. Consulted before anything else on every request, as real
 * Slack fails before it looks at arguments.
 */
import type { ApiBody, FailureSpec } from './slack-model.ts';

/** An HTTP answer: status, JSON body and extra headers (e.g. Retry-After). */
export type Reply = { status: number; body: ApiBody; headers: Record<string, string> };

interface QueuedFailure {
  method: string;
  spec: FailureSpec;
  remaining: number;
}

export class FailureInjector {
  private failures: QueuedFailure[] = [];
  private down = false;

  /** While down, every request (API and response URLs) answers HTTP 503, like a Slack outage. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Queues `spec.times` (default one) failures for `method`, or for any method with '*'. */
  failNext(method: string, spec: FailureSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error('failNext: times must be a positive integer');
    this.failures.push({ method, spec, remaining: times });
  }

  /** Returns the failure to answer with (outage or queued injection), consuming one injection. */
  take(method: string): Reply | undefined {
    if (this.down) return { status: 503, body: { ok: false, error: 'service_unavailable' }, headers: {} };
    const queued = this.failures.find((f) => f.method === method || f.method === '*');
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.failures.splice(this.failures.indexOf(queued), 1);
    const { spec } = queued;
    if (spec.status === 429) {
      // Slack's real 429 body; clients only look at the status and Retry-After.
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(spec.retryAfter ?? 1) },
      };
    }
    if (spec.status !== undefined) {
      return { status: spec.status, body: { ok: false, error: spec.error ?? 'fatal_error' }, headers: {} };
    }
    const scopes =
      spec.error === 'missing_scope'
        ? { needed: spec.needed ?? 'chat:write', provided: spec.provided ?? '' }
        : {};
    return { status: 200, body: { ok: false, error: spec.error ?? 'fatal_error', ...scopes }, headers: {} };
  }

  /**
   * Answers of `method` held back: the call takes effect at once, its answer comes `ms` later. With
   * `carrying`, only a call whose arguments contain that text (a message's words, its outbox key).
   */
  private holds: { method: string; ms: number; carrying: string | undefined }[] = [];

  holdNext(method: string, ms: number, carrying?: string): void {
    this.holds.push({ method, ms, carrying });
  }

  /** How long to hold this call's answer, consuming the hold. */
  takeHold(method: string, args: Record<string, unknown>): number | undefined {
    const index = this.holds.findIndex(
      (hold) =>
        hold.method === method &&
        (hold.carrying === undefined || JSON.stringify(args).includes(hold.carrying)),
    );
    if (index < 0) return undefined;
    return this.holds.splice(index, 1)[0]!.ms;
  }

  reset(): void {
    this.holds = [];
    this.failures = [];
    this.down = false;
  }
}
