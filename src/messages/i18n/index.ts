import type { Locale } from '../../config.ts';
import { zoneFormatter } from '../../domain/dates.ts';
import type { UserError } from '../../domain/errors.ts';
import { type Catalog, en } from './en.ts';
import { zhCN } from './zh-CN.ts';

const catalogs: Record<Locale, Catalog> = { en, 'zh-CN': zhCN };

export function catalog(locale: Locale): Catalog {
  return catalogs[locale];
}

const LIST_SEPARATORS: Record<Locale, string> = { en: ', ', 'zh-CN': '、' };

/** Names in a row as each language lists them: "Acme, Globex" / "华为、中兴". */
export function listOf(locale: Locale, items: readonly string[]): string {
  return items.join(LIST_SEPARATORS[locale]);
}

/** Slack and Lark locales look like en-US, zh-CN, zh-TW; anything Chinese reads Simplified Chinese best here. */
export function toLocale(value: string | null | undefined, fallback: Locale): Locale {
  if (!value) return fallback;
  const lower = value.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return fallback;
}

export function errorText(locale: Locale, error: UserError): string {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error.params ?? {})) {
    params[key] = Array.isArray(value) ? listOf(locale, value) : (value as string | number);
  }
  // An error's parameters come from the code that failed (domain/errors.ts), not from a typed call
  // site: the catalog names what each message reads, and a missing one shows as "undefined" in tests.
  const text = catalogs[locale].errors[error.code] as (p: Record<string, string | number>) => string;
  return text(params);
}

/** One formatter per zone, kept: an approval click formats several instants, a digest thousands. */
const dateTimeFormatter = zoneFormatter('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2026-11-22 09:30" in the reader's zone: approvers and reps may sit in different zones. */
export function formatDateTime(at: Date, timeZone: string): string {
  const parts = dateTimeFormatter(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * An amount in the team's currency, as a member reads it (README, "Amounts"). English writes the ISO
 * code ("CNY 120,000"): the bare ¥ is CNY to one reader and JPY to another. Chinese takes its own
 * symbols ("¥120,000" for CNY, "US$" and "JP¥" for the others), or the code where it has none. Whole
 * amounts drop ".00"; others keep the currency's decimals (none for JPY). A plain space, not
 * Intl's no-break one, so what a test or a reader searches for is what they type.
 */
export function formatMoney(amount: number, currency: string, locale: Locale): string {
  const { digits, whole: wholeFormat, fraction } = moneyFormats(currency, locale);
  const whole = Math.round(amount * 10 ** digits) % 10 ** digits === 0;
  return (whole ? wholeFormat : fraction).format(amount).replace(/\u00a0/g, ' ');
}

type MoneyFormats = { digits: number; whole: Intl.NumberFormat; fraction: Intl.NumberFormat };

/**
 * Building an Intl.NumberFormat costs far more than formatting with one, and a message names several
 * amounts: the formatters of each currency and locale are built once and kept (a team has one or two).
 */
const moneyFormatCache = new Map<string, MoneyFormats>();

function moneyFormats(currency: string, locale: Locale): MoneyFormats {
  const key = `${locale}|${currency}`;
  const known = moneyFormatCache.get(key);
  if (known) return known;
  const display = {
    style: 'currency',
    currency,
    currencyDisplay: locale === 'zh-CN' ? 'symbol' : 'code',
  } as const;
  const digits = new Intl.NumberFormat(locale, display).resolvedOptions().maximumFractionDigits ?? 2;
  const formats = {
    digits,
    whole: new Intl.NumberFormat(locale, {
      ...display,
      minimumFractionDigits: 0,
      maximumFractionDigits: digits,
    }),
    fraction: new Intl.NumberFormat(locale, {
      ...display,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }),
  };
  moneyFormatCache.set(key, formats);
  return formats;
}
