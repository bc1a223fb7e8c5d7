import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { settings } from '../db/schema.ts';
import { DEFAULT_CADENCE } from '../domain/cadence.ts';
import { DEFAULT_DISCOUNT_POLICY, discountPolicySchema } from '../domain/discount-policy.ts';

const days = z.number().int().min(1).max(365);

export const teamSettingsSchema = z.object({
  cadence: z.object({ A: days, B: days, C: days, D: days }).default(DEFAULT_CADENCE),
  discountPolicy: discountPolicySchema.default(DEFAULT_DISCOUNT_POLICY),
  staleAfterDays: days.default(90),
});

export type TeamSettings = z.infer<typeof teamSettingsSchema>;

export const DEFAULT_WORKSPACE = '';

/** Team settings with defaults for anything the admin has not set. */
export async function loadSettings(db: Db, workspace = DEFAULT_WORKSPACE): Promise<TeamSettings> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.workspace, workspace));
  return teamSettingsSchema.parse(row?.value ?? {});
}

/** Dotted paths an admin may set, e.g. `discountPolicy.managerMaxPercent` or `cadence.A`. */
export const SETTING_PATHS = [
  'cadence.A',
  'cadence.B',
  'cadence.C',
  'cadence.D',
  'discountPolicy.autoApproveMaxPercent',
  'discountPolicy.managerMaxPercent',
  'discountPolicy.secondLevelMaxPercent',
  'staleAfterDays',
] as const;

export class SettingError extends Error {}

/** Changes one setting, validated against the whole document; returns the settings now in force. */
export async function updateSetting(db: Db, path: string, rawValue: string, workspace = DEFAULT_WORKSPACE) {
  if (!(SETTING_PATHS as readonly string[]).includes(path)) {
    throw new SettingError(`unknown setting "${path}" (one of: ${SETTING_PATHS.join(', ')})`);
  }
  const value = Number(rawValue);
  if (rawValue.trim() === '' || !Number.isFinite(value))
    throw new SettingError(`"${rawValue}" is not a number`);
  const current = structuredClone(await loadSettings(db, workspace)) as Record<
    string,
    Record<string, number> | number
  >;
  const [group, key] = path.split('.') as [string, string | undefined];
  if (key === undefined) current[group] = value;
  else (current[group] as Record<string, number>)[key] = value;
  const parsed = teamSettingsSchema.safeParse(current);
  if (!parsed.success) {
    throw new SettingError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || path}: ${issue.message}`).join('; '),
    );
  }
  await db
    .insert(settings)
    .values({ workspace, value: parsed.data })
    .onConflictDoUpdate({ target: settings.workspace, set: { value: parsed.data, updatedAt: new Date() } });
  return parsed.data;
}
