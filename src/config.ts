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
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the environment once at start-up; a bad value stops start-up naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const inbound = config.SLACK_SIGNING_SECRET ?? config.SLACK_APP_TOKEN;
  if (config.SLACK_BOT_TOKEN && !inbound) {
    throw new ConfigError(
      'Invalid configuration:\n  SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  if (!config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN)) {
    throw new ConfigError('Invalid configuration:\n  SLACK_BOT_TOKEN: required when Slack is configured');
  }
  if (Boolean(config.LARK_APP_ID) !== Boolean(config.LARK_APP_SECRET)) {
    throw new ConfigError(
      `Invalid configuration:\n  ${config.LARK_APP_ID ? 'LARK_APP_SECRET' : 'LARK_APP_ID'}: required when Lark is configured`,
    );
  }
  if (config.LARK_APP_ID && config.LARK_MODE === 'http' && !config.LARK_ENCRYPT_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  LARK_ENCRYPT_KEY: required in HTTP mode, so every request from Lark is signed and checked (or set LARK_MODE=ws)',
    );
  }
  return config;
}

export function larkConfigured(config: Config): boolean {
  return Boolean(config.LARK_APP_ID && config.LARK_APP_SECRET);
}

export function slackConfigured(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
}

/** The local sandbox runs when nothing connects the service to a chat platform, or when asked for. */
export function sandboxEnabled(config: Config): boolean {
  if (config.SANDBOX !== undefined) return config.SANDBOX === '1';
  return !slackConfigured(config) && !larkConfigured(config);
}
