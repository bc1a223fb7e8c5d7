import { join } from 'node:path';
import { z } from 'zod';

const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai');

const configSchema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATA_DIR: z.string().default('./.data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Set: /metrics is served on this port alone (and no longer on PORT), so it need not be public. */
  METRICS_PORT: optionalText.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  LARK_APP_ID: optionalText,
  LARK_APP_SECRET: optionalText,
  LARK_VERIFICATION_TOKEN: optionalText,
  LARK_ENCRYPT_KEY: optionalText,
  LARK_DOMAIN: optionalText,
  /** `http`: Lark posts to /lark/events and /lark/card; `ws`: long connection, no public URL needed. */
  LARK_MODE: z.enum(['http', 'ws']).default('http'),
  DEFAULT_TIMEZONE: timeZoneSchema.default('UTC'),
  DEFAULT_LOCALE: localeSchema.default('en'),
  DIGEST_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be local time as HH:MM, e.g. 08:30')
    .default('08:30'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `1`: run the local sandbox workspace even with credentials set; `0`: never. Unset: only without credentials. */
  SANDBOX: optionalText.pipe(
    z.enum(['0', '1'], { error: 'must be 1 (run the local sandbox) or 0 (never run it)' }).optional(),
  ),
  /** Sent and failed outbox rows are deleted after this many days (messages still referenced are kept). */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Replay keys of inbound Slack and Lark deliveries are deleted after this many days. */
  INBOUND_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** How long a shutdown waits for requests in flight before cutting their connections, and for deliveries in hand. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** `production`: refuse to start without chat credentials instead of falling back to the sandbox. */
  NODE_ENV: optionalText,
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * The rules between variables, on the raw environment so they are reported together with the
 * per-variable ones: an admin fixes every mistake in one round, not one per restart.
 */
function crossFieldIssues(env: Record<string, string | undefined>): string[] {
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text === '' ? undefined : text;
  };
  const issues: string[] = [];
  const bot = value('SLACK_BOT_TOKEN');
  const appToken = value('SLACK_APP_TOKEN');
  if (bot?.startsWith('xapp-'))
    issues.push('SLACK_BOT_TOKEN: this is an app-level token (xapp-…); the bot token starts with xoxb-');
  if (appToken?.startsWith('xoxb-'))
    issues.push('SLACK_APP_TOKEN: this is a bot token (xoxb-…); the app-level token starts with xapp-');
  if (bot && !value('SLACK_SIGNING_SECRET') && !appToken)
    issues.push(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  if (!bot && (value('SLACK_SIGNING_SECRET') || appToken))
    issues.push('SLACK_BOT_TOKEN: required when Slack is configured');
  if (Boolean(value('LARK_APP_ID')) !== Boolean(value('LARK_APP_SECRET')))
    issues.push(
      `${value('LARK_APP_ID') ? 'LARK_APP_SECRET' : 'LARK_APP_ID'}: required when Lark is configured`,
    );
  if (value('LARK_APP_ID') && (value('LARK_MODE') ?? 'http') === 'http' && !value('LARK_ENCRYPT_KEY')) {
    issues.push(
      'LARK_ENCRYPT_KEY: required in HTTP mode, so every request from Lark is signed and checked (or set LARK_MODE=ws)',
    );
  }
  return issues;
}

/** Reads the environment once at start-up; every bad value is reported at once, each naming its variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  const issues = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...crossFieldIssues(env),
  ];
  if (!parsed.success || issues.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${issues.map((line) => `  ${line}`).join('\n')}`);
  }
  return parsed.data;
}

export function larkConfigured(config: Config): boolean {
  return Boolean(config.LARK_APP_ID && config.LARK_APP_SECRET);
}

export function slackConfigured(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
}

/**
 * The local sandbox runs when asked for (`SANDBOX=1`), or by itself when nothing connects the
 * service to a chat platform *and* no `DATABASE_URL` is set: a deploy whose secrets failed to mount
 * must never come up as a sandbox on the team's real database.
 */
export function sandboxEnabled(config: Config): boolean {
  if (config.SANDBOX !== undefined) return config.SANDBOX === '1';
  return !slackConfigured(config) && !larkConfigured(config) && !config.DATABASE_URL;
}

/**
 * Where the sandbox keeps its data. Asked for explicitly (`SANDBOX=1`) it always uses its own embedded
 * database under `DATA_DIR/sandbox`, never `DATABASE_URL`; the quick start uses `DATA_DIR` itself.
 */
export function sandboxDataConfig(config: Config): Config {
  if (config.SANDBOX !== '1') return config;
  return { ...config, DATABASE_URL: undefined, DATA_DIR: join(config.DATA_DIR, 'sandbox') };
}

/** Why this configuration must not start at all, or undefined when it may. */
export function startupRefusal(config: Config): string | undefined {
  if (config.NODE_ENV !== 'production' || config.SANDBOX === '1') return undefined;
  if (slackConfigured(config) || larkConfigured(config)) return undefined;
  return [
    'NODE_ENV=production but no chat platform is configured, so there is nothing to serve.',
    'Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode),',
    'and/or LARK_APP_ID, LARK_APP_SECRET and LARK_ENCRYPT_KEY (or LARK_MODE=ws).',
    'To try AccountDesk locally instead, run without NODE_ENV=production, or set SANDBOX=1.',
  ].join('\n');
}
