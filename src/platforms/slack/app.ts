import type { RequestListener } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { AppDeps } from '../../app/context.ts';
import { MAX_BODY_BYTES } from '../../bounded-body.ts';
import type { Config } from '../../config.ts';
import { boltLogger } from './bolt-logger.ts';
import { createListenerWork, instrumentSlack } from './instrumentation.ts';
import { registerActions } from './listeners/actions/index.ts';
import { registerCommands } from './listeners/commands/index.ts';
import { registerHomeEvents } from './listeners/events/home-opened.ts';
import { registerDirectoryEvents } from './listeners/events/user-change.ts';
import { registerOptions } from './listeners/options/index.ts';
import { registerViews } from './listeners/views/index.ts';

export type SlackTransport = {
  /** Mounted at POST /slack/events by the HTTP server (HTTP mode only). */
  requestListener?: RequestListener;
  start(): Promise<void>;
  /** Resolves once the listeners have finished the work every request so far began. */
  idle(): Promise<void>;
  /** Stops taking events (socket mode) and waits for the listeners' work in hand. */
  stop(): Promise<void>;
};

/**
 * The Bolt app: transport only. Signature and timestamp checks (401 on failure) are Bolt's; listeners
 * translate payloads into use-case calls and use-case answers into Block Kit.
 */
export function createSlackTransport(config: Config, deps: AppDeps): SlackTransport {
  const token = config.SLACK_BOT_TOKEN!;
  const logger = boltLogger(deps.logger);
  const clientOptions = {
    ...(config.SLACK_API_URL
      ? {
          slackApiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/`,
        }
      : {}),
    retryConfig: { retries: 1 },
  };
  // A fixed token without auth.test: commands keep working (and keep being stored) while Slack's API is down.
  const authorize = async () => ({ botToken: token });
  // No conversation store: nothing reads `context.conversation`, and Bolt's in-memory one answered
  // every command and click in a channel by building an Error ("Conversation not found").
  const common = { authorize, clientOptions, logger, convoStore: false as const };
  let receiver: HTTPReceiver | undefined;
  let app: App;
  if (config.SLACK_APP_TOKEN) {
    app = new App({ socketMode: true, appToken: config.SLACK_APP_TOKEN, ...common });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: '/slack/events',
      processBeforeResponse: false,
      // Chunked bodies too: Bolt stops reading past this and answers 413 (docs/operations.md).
      bodyLimit: MAX_BODY_BYTES,
      logger,
    });
    app = new App({ receiver, ...common });
  }
  app.error(async (error) => {
    deps.logger.error({ err: error }, 'slack listener failed');
  });
  const work = createListenerWork();
  instrumentSlack(app, deps, work);
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerOptions(app, deps);
  registerDirectoryEvents(app, deps);
  registerHomeEvents(app, deps);
  return {
    ...(receiver ? { requestListener: refuseOutOfWindow(receiver.requestListener) } : {}),
    async start() {
      if (!receiver) await app.start();
    },
    idle: () => work.idle(),
    async stop() {
      if (!receiver) await app.stop();
      await work.idle();
    },
  };
}

/** Slack's replay window: a request dated further from now than this, either way, is refused. */
const REQUEST_WINDOW_SECONDS = 5 * 60;

/**
 * Bolt refuses requests dated more than five minutes in the past but accepts any in the future; a
 * captured request re-dated ahead would stay replayable. Refused here, before the body is read.
 */
function refuseOutOfWindow(listener: RequestListener): RequestListener {
  return (req, res) => {
    const stamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && Math.abs(Date.now() / 1000 - stamp) > REQUEST_WINDOW_SECONDS) {
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'request timestamp outside the five-minute window' }));
      return;
    }
    return listener(req, res);
  };
}
