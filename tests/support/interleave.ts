/**
 * Forces an interleaving of two use cases, deterministically and without timers. The use cases that
 * race (decide, withdraw, file) read what they act on first and take their lock in a transaction
 * after; `before(module, meanwhile)` holds the next transaction opened from that module until
 * `meanwhile` has run to its end, so whatever `meanwhile` changes lands exactly between the read and
 * the lock. The database itself is the real one: only the start of that one transaction is held.
 */
import type { Db } from '../../src/db/client.ts';

type Armed = {
  module: string;
  meanwhile: () => Promise<unknown>;
  settled: (error?: unknown) => void;
};

export type Interleave = {
  /**
   * Runs `meanwhile` just before the next transaction opened from a file whose path ends with
   * `module` (e.g. 'discounts/decide-approval.ts'). Resolves once `meanwhile` has run; rejects with
   * its error, or if no such transaction came within `timeoutMs`.
   */
  before(module: string, meanwhile: () => Promise<unknown>, timeoutMs?: number): Promise<void>;
  /**
   * Runs `meanwhile` just before the next hot path's writing statement (src/app/transaction.ts
   * `writingStatement`): between a one- or two-statement command's read and its write.
   */
  beforeWrite(meanwhile: () => Promise<unknown>, timeoutMs?: number): Promise<void>;
};

/** How `beforeWrite` names what it holds: the function on the stack when the statement is sent. */
const WRITING_STATEMENT = 'writingStatement';

/** `db` as the service should see it, with the hook that holds a transaction's start. */
export function interleaving(db: Db): { db: Db; interleave: Interleave } {
  const armed: Armed[] = [];

  /** The armed entry the caller's stack matches, taken off (what `meanwhile` opens itself passes). */
  function take(): Armed | undefined {
    // The caller's frames are on the stack: the use case awaits nothing between its frame and here.
    const stack = new Error().stack ?? '';
    const index = armed.findIndex((entry) =>
      entry.module === WRITING_STATEMENT
        ? stack.includes(`at ${WRITING_STATEMENT} `)
        : stack.includes(`${entry.module}:`),
    );
    return index < 0 ? undefined : armed.splice(index, 1)[0];
  }

  async function run(entry: Armed): Promise<void> {
    try {
      await entry.meanwhile();
      entry.settled();
    } catch (error) {
      entry.settled(error);
    }
  }

  async function hold(): Promise<void> {
    const entry = take();
    if (entry) await run(entry);
  }

  /** runStatement's calls (postgres.js `unsafe`, PGlite `query`) wait for a held `meanwhile`. */
  const heldClient = (client: object) =>
    new Proxy(client, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if ((property !== 'unsafe' && property !== 'query') || typeof value !== 'function') return value;
        const call = (args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
        // Nothing held: the driver's own answer, as it is (postgres.js's query object has methods,
        // `.values()` among them, that a promise wrapped around it would hide).
        return (...args: unknown[]) => {
          const entry = take();
          return entry ? run(entry).then(() => call(args)) : call(args);
        };
      },
    });

  const held = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') {
        return async (...args: Parameters<Db['transaction']>) => {
          await hold();
          return target.transaction(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      // The driver's client as it is (postgres.js's is a function whose methods a bound copy would
      // lose), but the calls runStatement (src/db/statement.ts) makes wait for what is held first.
      if (property === '$client') return heldClient(value as object);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  return {
    db: held,
    interleave: {
      beforeWrite: (meanwhile, timeoutMs) => arm(WRITING_STATEMENT, meanwhile, timeoutMs),
      before: (module, meanwhile, timeoutMs) => arm(module, meanwhile, timeoutMs),
    },
  };

  function arm(module: string, meanwhile: () => Promise<unknown>, timeoutMs = 10_000): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = armed.indexOf(entry);
        if (index >= 0) armed.splice(index, 1);
        reject(new Error(`interleave: nothing was held from ${module}`));
      }, timeoutMs);
      const entry: Armed = {
        module,
        meanwhile,
        settled: (error) => {
          clearTimeout(timer);
          if (error === undefined) resolve();
          else reject(error);
        },
      };
      armed.push(entry);
    });
    // Handled here too: a failure while the held use case is still in flight is not "unhandled".
    done.catch(() => {});
    return done;
  }
}
