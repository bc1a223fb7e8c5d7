import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { AppDeps } from '../../app/context.ts';
import { currentRequest, identifyRequest, inRequest } from '../../request-context.ts';
import { withoutNulCharacters } from '../clean-text.ts';
import { timedRequest } from '../timed-request.ts';

type Payload = {
  type?: string;
  command?: string;
  trigger_id?: string;
  event_id?: string;
  action_id?: string;
  actions?: { action_id?: string }[];
  view?: { callback_id?: string };
  event?: { type?: string };
};

/** What the request was, as the metrics name it: the command, or the action / form / event. */
export function slackOperation(body: Payload): { kind: 'command' | 'interaction'; name: string } {
  if (body.command) return { kind: 'command', name: body.command };
  if (body.type === 'block_actions')
    return { kind: 'interaction', name: body.actions?.[0]?.action_id ?? 'other' };
  if (body.type === 'view_submission' || body.type === 'view_closed')
    return { kind: 'interaction', name: body.view?.callback_id ?? 'other' };
  if (body.type === 'block_suggestion')
    return { kind: 'interaction', name: `options:${body.action_id ?? 'other'}` };
  if (body.type === 'event_callback')
    return { kind: 'interaction', name: `event:${body.event?.type ?? 'other'}` };
  return { kind: 'interaction', name: body.type ?? 'other' };
}

/**
 * Listener work still running. Bolt acknowledges an Events API request before its listener runs, so
 * the HTTP response says nothing about whether the work is done: a stop waits for this instead, and
 * nothing an event began is cut off by the database closing under it.
 */
export type ListenerWork = { track<T>(work: Promise<T>): Promise<T>; idle(): Promise<void> };

export function createListenerWork(): ListenerWork {
  const running = new Set<Promise<unknown>>();
  return {
    track(work) {
      running.add(work);
      const forget = () => running.delete(work);
      work.then(forget, forget);
      return work;
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/**
 * The first middleware: names the request after Slack's trigger_id (or event_id) so every log line
 * and outbox row it causes carries that id, and times it for the metrics. In socket mode, where no
 * HTTP request began a context, it begins one. The listener's work is tracked until it ends.
 */
export function instrumentSlack(app: App, deps: AppDeps, work: ListenerWork): void {
  app.use(async (args) => {
    // The body object is the one every listener reads: cleaned here, once, for all of them.
    const body = withoutNulCharacters((args as AnyMiddlewareArgs).body as Payload);
    const id = body.trigger_id ?? body.event_id;
    const handle = async () => {
      identifyRequest(id);
      await timedRequest(deps.instruments, { ...slackOperation(body), platform: 'slack' }, async () => {
        await args.next();
        await answerIfUnanswered(args as AckArgs & { ack?: () => Promise<void> });
      });
    };
    return work.track(currentRequest() ? handle() : inRequest(handle, id));
  });
}

/** Set on the request's context (one object, shared by the middleware and the listener) when a listener acknowledged it. */
const ACKNOWLEDGED = 'accountdeskAcknowledged';

type AckArgs = { ack?: (...response: never[]) => Promise<void>; context?: Record<string, unknown> };

/**
 * Notes on the request's context when this listener's `ack` is called (routes.ts does it for every
 * handler it runs, listeners/options for the suggestions). Bolt hands each middleware and listener its own copy of the arguments, but the
 * same context: a wrapped `ack` must be the listener's own, the mark the shared context.
 */
export function watchAcknowledgement<A>(args: A): A {
  const listener = args as AckArgs;
  const { ack, context } = listener;
  if (ack && context) {
    listener.ack = (...response) => {
      context[ACKNOWLEDGED] = true;
      return ack(...response);
    };
  }
  return args;
}

/**
 * A signed request that no listener took (a command or button this version does not know) is
 * acknowledged at once, instead of after Bolt's 3 s wait for an answer that never comes. One whose
 * listener answered is left alone: asking Bolt to acknowledge it again builds an error, with its
 * stack, on nearly every request (and in socket mode logs a warning). Every listener marks its
 * answer: through routes.ts, or by watchAcknowledgement itself (the customer suggestions).
 */
async function answerIfUnanswered(args: AckArgs & { ack?: () => Promise<void> }): Promise<void> {
  if (!args.ack || args.context?.[ACKNOWLEDGED]) return;
  try {
    await args.ack();
  } catch {
    // Already acknowledged by its listener.
  }
}
