/**
 * `npm start` with nothing configured: the real service, on the embedded database, connected to a
 * local Slack-compatible workspace served on its own port. The bot gets a sandbox token, signing
 * secret and `SLACK_API_URL`, so it cannot tell the workspace from Slack; the page's people act
 * through signed requests to the service's `POST /slack/events`, like Slack's own clients.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { type Config, sandboxDataConfig } from '../config.ts';
import { type Service, type ServiceOptions, startService } from '../service.ts';
import { runMorningDigest, SandboxClock } from './demo/demo-clock.ts';
import { createPeople } from './demo/people.ts';
import { clearDemo, hasNoMembers, seedDemo } from './demo/seed-demo-team.ts';
import { postTryThisOnce } from './demo/try-this.ts';
import { createInteractions } from './emulator/interactions.ts';
import { manifestCommands } from './emulator/manifest-commands.ts';
import { createSandboxRoutes, fromThisMachine, type SandboxRoutes } from './emulator/page-server.ts';
import {
  loadSandboxState,
  removeSandboxState,
  sandboxStatePath,
  saveSandboxState,
} from './emulator/persistence.ts';
import { SlackEmulator, type WorkspaceSnapshot } from './emulator/slack-emulator.ts';

/** The workspace's bot token; it means nothing outside this machine. */
export const SANDBOX_BOT_TOKEN = 'xoxb-sandbox-local-workspace';
const HOST = '127.0.0.1';
const TEAM = { id: 'T0SANDBOX', name: 'AccountDesk sandbox', domain: 'accountdesk-sandbox' };
const SAVE_DELAY_MS = 200;
const EMPTY_WORKSPACE: WorkspaceSnapshot = {
  version: 1,
  lastTsMicros: 0,
  viewSeq: 0,
  conversations: [],
  messages: [],
  users: {},
};

export type SandboxService = Service & {
  /** Where a person opens the workspace, e.g. http://localhost:3000/ */
  sandboxUrl: string;
  emulator: SlackEmulator;
  clock: SandboxClock;
};

export type SandboxOptions = Omit<ServiceOptions, 'clock' | 'http'>;

/** PORT=0 asks for any free port; the bot's API URL must name it before the service listens. */
async function pickPort(port: number): Promise<number> {
  if (port !== 0) return port;
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startSandbox(options: SandboxOptions): Promise<SandboxService> {
  const { config, logger } = options;
  const port = await pickPort(config.PORT);
  const origin = `http://${HOST}:${port}`;
  const sandboxUrl = `http://localhost:${port}/`;
  // Asked for with SANDBOX=1, the sandbox keeps its own embedded database (never DATABASE_URL) and
  // never talks to Lark: a real team's data and messages stay out of the demo.
  const data = sandboxDataConfig(config);
  const statePath = sandboxStatePath(data.DATA_DIR);
  // Random per start too: nothing outside this process can call the emulated Web API as the bot.
  const botToken = `${SANDBOX_BOT_TOKEN}-${randomBytes(12).toString('hex')}`;
  const saved = loadSandboxState(statePath, logger);

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    try {
      saveSandboxState(statePath, { clockOffsetMs: clock.offset, workspace: emulator.workspace.snapshot() });
    } catch (error) {
      logger.error({ err: error, path: statePath }, 'sandbox: could not save the workspace');
    }
  };
  const saveSoon = () => {
    saveTimer ??= setTimeout(save, SAVE_DELAY_MS);
  };
  // Clock moves are saved at once: a crash must never take the clock back behind its digest claims.
  const clock = new SandboxClock(saved.clockOffsetMs, save);
  const emulator = new SlackEmulator({
    token: botToken,
    team: TEAM,
    workspaceUrl: sandboxUrl,
    now: () => clock.now().getTime(),
    baseUrl: origin,
    basePath: '/sandbox',
    callHistory: 500,
  });
  if (saved.workspace) emulator.workspace.restore(saved.workspace);
  emulator.events.on('change', saveSoon);

  // A fresh secret per start: only this process signs and verifies, and the page never sees it.
  const signingSecret = randomBytes(32).toString('hex');
  const sandboxConfig: Config = {
    ...data,
    LARK_APP_ID: undefined,
    LARK_APP_SECRET: undefined,
    LARK_ENCRYPT_KEY: undefined,
    LARK_VERIFICATION_TOKEN: undefined,
    PORT: port,
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: emulator.apiUrl,
  };
  let routes: SandboxRoutes | undefined;
  const service = await startService({
    ...options,
    config: sandboxConfig,
    clock,
    http: {
      host: HOST,
      // The emulation answers from the first request on: the outbox may deliver before the page is ready.
      extra: (req, res) => {
        if (routes) return routes.handle(req, res);
        // Until the page's routes are up, only the emulated Web API answers, and only on localhost.
        if ((req.url ?? '').startsWith('/sandbox/') && !fromThisMachine(req)) return false;
        return emulator.handle(req, res);
      },
    },
  });
  const { deps } = service;
  const people = createPeople(deps, emulator);

  /** A fresh database gets the demo team, and a fresh workspace: a saved one would describe other data. */
  async function seedIfEmpty(): Promise<void> {
    if (!(await hasNoMembers(deps.db))) return;
    emulator.workspace.restore(EMPTY_WORKSPACE, { rewind: true });
    clock.reset();
    const seeded = await seedDemo(deps);
    logger.info(seeded, 'sandbox: seeded the demo team');
  }
  /** The demo as the page shows it: seeded if need be, its people known, the guide in #general. */
  async function prepareDemo(): Promise<void> {
    await seedIfEmpty();
    await people.refresh();
    postTryThisOnce(emulator, clock.now(), logger);
  }
  await prepareDemo();

  const commands = manifestCommands();
  const interactions = createInteractions({
    emulator,
    eventsUrl: `${origin}/slack/events`,
    signingSecret,
    team: TEAM,
    commands,
    user: (id) => people.user(id),
    userByHandle: (handle) => people.byHandle(handle),
    logger,
  });
  routes = createSandboxRoutes({
    emulator,
    interactions,
    people,
    commands,
    teamName: TEAM.name,
    logger,
    controls: {
      now: () => clock.now(),
      offsetMs: () => clock.offset,
      // The clock controls queue behind a running tick (and hold the next one back), so the
      // per-minute tick never claims a digest half-way through a control.
      runMorningDigest: () => service.scheduler.exclusive(() => runMorningDigest(deps, clock)),
      advanceOneDay: () =>
        service.scheduler.exclusive(async () => {
          clock.advanceDays(1);
          await service.scheduler.tick();
          return { now: clock.now() };
        }),
      resetDemo: () =>
        service.scheduler.exclusive(async () => {
          await clearDemo(deps.db);
          removeSandboxState(statePath);
          await prepareDemo();
        }),
    },
  });

  return {
    ...service,
    sandboxUrl,
    emulator,
    clock,
    async stop() {
      routes?.close();
      await service.stop();
      emulator.events.off('change', saveSoon);
      if (saveTimer) save();
      await emulator.stop();
    },
  };
}

/** `accountdesk demo --reset` with the service stopped: forgets the saved workspace too. */
export function forgetSandboxWorkspace(dataDir: string): void {
  removeSandboxState(sandboxStatePath(dataDir));
}
