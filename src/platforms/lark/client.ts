import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../logger.ts';

/** `feishu`, `lark`, or any base URL (all calls go to `${domain}/open-apis/...`: tests point it at a fake). */
export function larkDomain(value: string | undefined): string | lark.Domain {
  if (!value || value === 'feishu') return lark.Domain.Feishu;
  if (value === 'lark') return lark.Domain.Lark;
  return value.replace(/\/$/, '');
}

/**
 * The token cache of one client. The SDK's default cache is global to the process and it does not
 * retry on a rejected token, so the notifier clears this one and retries itself.
 */
// The SDK's Cache interface types keys as `string | Symbol` (the wrapper type), so this must too.
// biome-ignore lint/complexity/noBannedTypes: matches the SDK's declared key type.
type CacheKey = string | Symbol;

export class TokenCache {
  private readonly entries = new Map<CacheKey, { value: unknown; expiresAt: number }>();

  async set(
    key: CacheKey,
    value: unknown,
    expire?: number,
    options?: { namespace?: string },
  ): Promise<boolean> {
    this.entries.set(this.key(key, options), { value, expiresAt: expire ?? Number.POSITIVE_INFINITY });
    return true;
  }

  async get(key: CacheKey, options?: { namespace?: string }): Promise<unknown> {
    const entry = this.entries.get(this.key(key, options));
    if (!entry || entry.expiresAt < Date.now()) return undefined;
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }

  private key(key: CacheKey, options?: { namespace?: string }): CacheKey {
    return options?.namespace ? `${options.namespace}:${String(key)}` : key;
  }
}

export type LarkClient = { client: lark.Client; tokens: TokenCache };

export function createLarkClient(
  options: { appId: string; appSecret: string; domain?: string },
  logger: Logger,
): LarkClient {
  const tokens = new TokenCache();
  const child = logger.child({ component: 'lark-sdk' });
  const client = new lark.Client({
    appId: options.appId,
    appSecret: options.appSecret,
    appType: lark.AppType.SelfBuild,
    domain: larkDomain(options.domain),
    cache: tokens,
    loggerLevel: lark.LoggerLevel.warn,
    logger: {
      error: (...msg: unknown[]) => child.error({ msg: msg.map(String).join(' ') }),
      warn: (...msg: unknown[]) => child.warn({ msg: msg.map(String).join(' ') }),
      info: (...msg: unknown[]) => child.info({ msg: msg.map(String).join(' ') }),
      debug: (...msg: unknown[]) => child.debug({ msg: msg.map(String).join(' ') }),
      trace: (...msg: unknown[]) => child.trace({ msg: msg.map(String).join(' ') }),
    },
  });
  return { client, tokens };
}
