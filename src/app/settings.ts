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
