import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { settings } from '../../db/schema.ts';
import { DEFAULT_CADENCE } from '../../domain/cadence.ts';
import { isValidIsoDate } from '../../domain/dates.ts';
import { DEFAULT_DISCOUNT_POLICY, discountPolicySchema } from '../../domain/discount-policy.ts';
import type { WorkingCalendar } from '../../domain/working-time.ts';

const days = z.number().int().min(1).max(365);
const hours = z
  .number()
  .min(0.5)
  .max(24 * 30);
const isoDate = z.string().refine(isValidIsoDate, 'must be YYYY-MM-DD');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const teamSettingsSchema = z
  .object({
    cadence: z.object({ A: days, B: days, C: days, D: days }).default(DEFAULT_CADENCE),
    discountPolicy: discountPolicySchema.default(DEFAULT_DISCOUNT_POLICY),
    /** No visit that moved the stage and no won deal for this long: the account is stale (换人跟进). */
    staleAfterDays: days.default(90),
    /** 0 = Sunday … 6 = Saturday. */
    workingDays: z.array(z.number().int().min(0).max(6)).min(1).default([1, 2, 3, 4, 5]),
    holidays: z.array(isoDate).default([]),
    /** Make-up working days (调休), e.g. a Saturday worked to bridge the Spring Festival. */
    extraWorkingDays: z.array(isoDate).default([]),
    workdayStart: clock.default('09:00'),
    workdayEnd: clock.default('18:00'),
    /** Nothing due: send a one-line "all clear", or no message at all. */
    allClear: z.enum(['send', 'skip']).default('send'),
    /** The weekly report to supervisors and directors (README, "Weekly report"). */
    weeklyReport: z.enum(['on', 'off']).default('on'),
    remindAfterHours: hours.default(4),
    escalateAfterHours: hours.default(24),
    silentAfterWorkingDays: days.default(3),
    /** A departed rep's customers are called back at most this many per new owner and working day. */
    handover: z
      .object({ callbacksPerDay: z.number().int().min(1).max(100).default(5) })
      .default({ callbacksPerDay: 5 }),
    /**
     * ISO 4217 code of the deal amounts: every amount a member reads is written in it, and the
     * discounts export puts it beside them for finance. Only well-formed here (a code saved before
     * codes were checked still loads); `saveSettings` also wants one Intl knows.
     */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a three-letter code such as CNY or USD')
      .default('CNY'),
  })
  .refine((team) => team.workdayStart < team.workdayEnd, {
    message: 'workdayStart must be before workdayEnd',
  })
  .refine((team) => !team.extraWorkingDays.some((day) => team.holidays.includes(day)), {
    message: 'a date cannot be both a holiday and a make-up working day',
  });

export type TeamSettings = z.infer<typeof teamSettingsSchema>;

/** The codes this runtime can write an amount in: a typo such as "RMB" or "CYN" would print as itself. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** What a change must pass: the loaded settings, and a currency Intl knows. */
const savedSettingsSchema = teamSettingsSchema.refine((team) => CURRENCIES.has(team.currency), {
  path: ['currency'],
  message: 'not an ISO 4217 currency code (e.g. CNY, USD, EUR, JPY)',
});

export const DEFAULT_WORKSPACE = '';

/**
 * Read on every command, changed a few times a year: each process keeps them for a few seconds
 * (per database handle). A change made elsewhere is in force everywhere within that time.
 */
const CACHE_MS = 5_000;
const cache = new WeakMap<Db, Map<string, { value: TeamSettings; until: number }>>();

/** Team settings with defaults for anything the admin has not set. */
export async function loadSettings(db: Db, workspace = DEFAULT_WORKSPACE): Promise<TeamSettings> {
  const cached = cache.get(db)?.get(workspace);
  if (cached && cached.until > Date.now()) return cached.value;
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.workspace, workspace));
  const value = teamSettingsSchema.parse(row?.value ?? {});
  const perDb = cache.get(db) ?? new Map<string, { value: TeamSettings; until: number }>();
  perDb.set(workspace, { value, until: Date.now() + CACHE_MS });
  cache.set(db, perDb);
  return value;
}

/** Drops this process's copy: the next read is fresh (and kept CACHE_MS from then). */
export function forgetSettings(db: Db, workspace = DEFAULT_WORKSPACE): void {
  cache.get(db)?.delete(workspace);
}

export function calendarOf(team: TeamSettings): WorkingCalendar {
  return {
    workingDays: team.workingDays,
    holidays: new Set(team.holidays),
    extraWorkingDays: new Set(team.extraWorkingDays),
    dayStart: team.workdayStart,
    dayEnd: team.workdayEnd,
  };
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** How each settable path reads the text an admin types. */
const SETTERS: Record<string, (raw: string) => unknown> = {
  'cadence.A': Number,
  'cadence.B': Number,
  'cadence.C': Number,
  'cadence.D': Number,
  'discountPolicy.autoApproveMaxPercent': Number,
  'discountPolicy.managerMaxPercent': Number,
  'discountPolicy.secondLevelMaxPercent': Number,
  'discountPolicy.reapprovalWithinDays': Number,
  'discountPolicy.rejectionMemoryDays': Number,
  'discountPolicy.maxAutoApprovalsPerCustomer': Number,
  'discountPolicy.autoApprovalWindowDays': Number,
  'discountPolicy.counterExpiresAfterDays': Number,
  'handover.callbacksPerDay': Number,
  staleAfterDays: Number,
  remindAfterHours: Number,
  escalateAfterHours: Number,
  silentAfterWorkingDays: Number,
  workdayStart: String,
  workdayEnd: String,
  allClear: String,
  weeklyReport: String,
  currency: String,
  holidays: (raw) => list(raw),
  extraWorkingDays: (raw) => list(raw),
  workingDays: (raw) =>
    list(raw).map((day) =>
      WEEKDAYS.includes(day.toLowerCase().slice(0, 3))
        ? WEEKDAYS.indexOf(day.toLowerCase().slice(0, 3))
        : Number(day),
    ),
};

const list = (raw: string) =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Dotted paths an admin may set, e.g. `discountPolicy.managerMaxPercent`, `cadence.A` or `holidays`. */
export const SETTING_PATHS = Object.keys(SETTERS);

export class SettingError extends Error {}

/** Changes one setting, validated against the whole document; returns the settings now in force. */
export async function updateSetting(db: Db, path: string, rawValue: string, workspace = DEFAULT_WORKSPACE) {
  const setter = Object.hasOwn(SETTERS, path) ? SETTERS[path] : undefined;
  if (!setter) throw new SettingError(`unknown setting "${path}" (one of: ${SETTING_PATHS.join(', ')})`);
  const value = setter(rawValue);
  if (typeof value === 'number' && (rawValue.trim() === '' || !Number.isFinite(value))) {
    throw new SettingError(`"${rawValue}" is not a number`);
  }
  const current = structuredClone(await loadSettings(db, workspace)) as Record<string, unknown>;
  const [group, key] = path.split('.') as [string, string | undefined];
  if (key === undefined) current[group] = value;
  else (current[group] as Record<string, unknown>)[key] = value;
  return saveSettings(db, current, workspace, path);
}

/**
 * Stores a whole settings document after checking it as a whole (a value that breaks another is
 * refused with both named); `what` names the change in the error when the schema cannot.
 */
export async function saveSettings(db: Db, candidate: unknown, workspace = DEFAULT_WORKSPACE, what = '') {
  const parsed = savedSettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new SettingError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`).join('; '),
    );
  }
  await db
    .insert(settings)
    .values({ workspace, value: parsed.data })
    .onConflictDoUpdate({ target: settings.workspace, set: { value: parsed.data, updatedAt: new Date() } });
  forgetSettings(db, workspace);
  return parsed.data;
}
