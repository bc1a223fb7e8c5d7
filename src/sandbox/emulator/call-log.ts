/**
 * The record of calls a fake API keeps so a test can assert on them and wait for them. Shared by
 * the Slack emulator and the fake Lark of tests/support, which both let a test `waitFor` a call
 * that may already have happened or may be yet to come.
 */

/** What every recorded call has: its position in the log and the API method it was. */
export type LoggedCall = { seq: number; method: string };

export type CallLogOptions<Call> = {
  /** Who keeps the log, as its errors name it: 'Slack emulator', 'fake Lark'. */
  name: string;
  /** One line per call in a timeout's listing of recent calls. */
  describe: (call: Call) => string;
  /** Keep only this many of the most recent calls (a long-running sandbox); all when unset. */
  limit?: number;
};

export class CallLog<Call extends LoggedCall> {
  readonly calls: Call[] = [];
  private readonly options: CallLogOptions<Call>;
  private readonly listeners = new Set<(call: Call) => void>();
  private readonly pendingWaits = new Set<(error: Error) => void>();

  constructor(options: CallLogOptions<Call>) {
    this.options = options;
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Adds a call and wakes whoever waits for one like it. */
  record(call: Call): void {
    this.calls.push(call);
    const keep = this.options.limit;
    if (keep !== undefined && this.calls.length > keep) this.calls.splice(0, this.calls.length - keep);
    for (const listener of [...this.listeners]) listener(call);
  }

  /** Forgets the calls; waits in progress keep waiting for new ones. */
  clear(): void {
    this.calls.length = 0;
  }

  /**
   * Resolves with the first call (already recorded or yet to arrive) matching the predicate, or the
   * method name when a string is given. Failed calls match too — check `call.failed` if it matters.
   * To wait only for new calls, remember `calls.length` first and test `call.seq >= mark`.
   */
  waitFor(predicate: ((call: Call) => boolean) | string, timeoutMs = 5000): Promise<Call> {
    const matches = toSafePredicate(predicate);
    const existing = this.calls.find(matches);
    if (existing) return Promise.resolve(existing);
    return new Promise<Call>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        this.pendingWaits.delete(abort);
      };
      const listener = (call: Call): void => {
        if (!matches(call)) return;
        cleanup();
        resolve(call);
      };
      const abort = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const timer = setTimeout(() => {
        abort(new Error(this.describeTimeout(predicate, timeoutMs)));
      }, timeoutMs);
      this.listeners.add(listener);
      this.pendingWaits.add(abort);
    });
  }

  /** Fails every wait in progress: the fake is going away and nothing more will arrive. */
  stopWaiting(): void {
    const error = `${this.options.name} was stopped while waiting`;
    for (const abort of [...this.pendingWaits]) abort(new Error(error));
  }

  private describeTimeout(predicate: ((call: Call) => boolean) | string, timeoutMs: number): string {
    const wanted =
      typeof predicate === 'string'
        ? `a call to ${predicate}`
        : `a call matching ${truncate(String(predicate), 200)}`;
    const recent = this.calls.slice(-10).map(this.options.describe);
    const listing =
      recent.length === 0 ? '  (no calls at all)' : recent.map((line) => `  ${line}`).join('\n');
    return `${this.options.name}: timed out after ${timeoutMs}ms waiting for ${wanted}. ${this.calls.length} call(s) recorded; most recent:\n${listing}`;
  }
}

/** A predicate that throws on an unrelated call (e.g. reading args.blocks[0]) simply doesn't match. */
export function toSafePredicate<Call extends { method: string }>(
  predicate: ((call: Call) => boolean) | string,
): (call: Call) => boolean {
  if (typeof predicate === 'string') return (call) => call.method === predicate;
  return (call) => {
    try {
      return predicate(call);
    } catch {
      return false;
    }
  };
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
