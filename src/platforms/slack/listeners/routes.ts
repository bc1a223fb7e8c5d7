/**
 * A table of handlers looked up by a request's name (a command, an action_id, a form's callback_id),
 * registered with Bolt as one listener per kind of request.
 *
 * Why not one Bolt listener per handler: Bolt runs every request through every listener's matchers,
 * each with a copy of its middleware, a spread of the listener arguments and a promise of its own.
 * With the 38 listeners this app had, that was about 110 KB of garbage and a fifth of Bolt's CPU
 * for every command, whichever it was (docs/architecture.md, "One round trip"). Matching here keeps
 * Bolt's rules: a string is the exact name, a pattern is tested against it, and every handler that
 * matches runs (as Bolt runs every matching listener); none matching leaves the request to the
 * instrumentation's acknowledgement of requests no listener took, which a handler's own `ack` tells
 * it to skip (instrumentation.ts, watchAcknowledgement).
 */
import { watchAcknowledgement } from '../instrumentation.ts';

export type Handler<A> = (args: A) => Promise<unknown>;

export type Routes<A> = {
  add(name: string | RegExp, handler: Handler<A>): void;
  /** Runs the handlers of `name`; rejects as Bolt does with one failed listener: with its error. */
  handle(name: string | undefined, args: A): Promise<void>;
};

export function routes<A>(): Routes<A> {
  const exact = new Map<string, Handler<A>[]>();
  const patterns: { pattern: RegExp; handler: Handler<A> }[] = [];

  function matching(name: string): Handler<A>[] {
    const found = [...(exact.get(name) ?? [])];
    for (const { pattern, handler } of patterns) if (pattern.test(name)) found.push(handler);
    return found;
  }

  return {
    add(name, handler) {
      if (typeof name === 'string') exact.set(name, [...(exact.get(name) ?? []), handler]);
      else patterns.push({ pattern: name, handler });
    },
    async handle(name, args) {
      if (name === undefined) return;
      const handlers = matching(name);
      if (handlers.length > 0) watchAcknowledgement(args);
      if (handlers.length === 1) {
        await handlers[0]!(args);
        return;
      }
      const settled = await Promise.allSettled(handlers.map((handler) => handler(args)));
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
