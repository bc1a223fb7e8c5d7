import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What is known of the inbound request being handled, carried through every await it causes
 * (AsyncLocalStorage): the logger stamps `requestId` on each line, the outbox stores it on the rows
 * the request queues, and the platform layers tell the metrics what the request was and how it went.
 * See docs/operations.md, "Request ids".
 */
export type RequestContext = {
  /** Slack's trigger_id, Lark's event_id, or a UUID when the platform gives none (yet). */
  requestId: string;
  /** Set by a guard that caught a failure and answered "nothing was saved" instead. */
  failed?: boolean;
  /**
   * Where a request under a time cap stands (Slack clicks: src/platforms/slack/listeners/respond.ts).
   * `abandoned`: the member was told nothing was saved, so its transaction must not commit;
   * `committing` / `stored`: too late to say so — the change is (being) saved.
   */
  stage?: 'committing' | 'stored' | 'abandoned';
};

/** The request was abandoned at its time cap before its change committed: the change is rolled back. */
export class RequestAbandoned extends Error {
  constructor() {
    super('the request passed its time cap before its change was saved; rolled back');
  }
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * A request's context whose id, when none is known yet, is made up only if something reads it
 * first: a Slack or Lark request is named by the platform's id (identifyRequest) before anything
 * logs or queues, so most requests never need a UUID of their own.
 */
class RequestScope implements RequestContext {
  #requestId: string | undefined;
  failed?: boolean;
  stage?: RequestContext['stage'];

  constructor(requestId: string | undefined) {
    this.#requestId = requestId;
  }

  get requestId(): string {
    this.#requestId ??= randomUUID();
    return this.#requestId;
  }

  set requestId(requestId: string) {
    this.#requestId = requestId;
  }
}

/** Runs `work` as one request; a request id already known (an outbox row's) is kept. */
export function inRequest<T>(work: () => T, requestId?: string): T {
  return storage.run(new RequestScope(requestId), work);
}

/** The request being handled, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Names the request once the platform's own id is read from its payload (after the HTTP layer began it). */
export function identifyRequest(requestId: string | undefined): void {
  const context = storage.getStore();
  if (context && requestId) context.requestId = requestId;
}

/** A guard answered for a failure it caught: the request counts as failed in the metrics. */
export function markRequestFailed(): void {
  const context = storage.getStore();
  if (context) context.failed = true;
}

/** Just before a use case commits: refuses (rolls back) when the request was abandoned. */
export function beginCommit(): void {
  const context = storage.getStore();
  if (!context) return;
  if (context.stage === 'abandoned') throw new RequestAbandoned();
  context.stage = 'committing';
}

/** After the commit (stored) or after it failed (free to be abandoned again). */
export function endCommit(stored: boolean): void {
  const context = storage.getStore();
  if (context && context.stage === 'committing') context.stage = stored ? 'stored' : undefined;
}

/**
 * At the time cap: abandons the request unless its change is committing or stored. True when it
 * was abandoned (nothing of it will be saved), false when the change is saved or about to be.
 */
export function abandonRequest(context: RequestContext | undefined): boolean {
  if (!context) return true;
  if (context.stage === 'committing' || context.stage === 'stored') return false;
  context.stage = 'abandoned';
  return true;
}
