/** The closed vocabularies of the domain (docs/domain.md), with the aliases people actually type. */

export const TIERS = ['A', 'B', 'C', 'D'] as const;
export type Tier = (typeof TIERS)[number];

export const CUSTOMER_STATUSES = ['prospect', 'active', 'dormant', 'lost'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const ROLES = ['rep', 'supervisor', 'director', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const VISIT_KINDS = ['visit', 'call', 'meeting', 'meal', 'event', 'message'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

export const PRAM_STAGES = ['plan', 'relationship', 'agreement', 'maintenance'] as const;
export type PramStage = (typeof PRAM_STAGES)[number];

export const DISCOUNT_REASONS = [
  'competitor',
  'budget',
  'value',
  'leverage',
  'understanding',
  'volume',
  'strategic',
  'other',
] as const;
export type DiscountReason = (typeof DISCOUNT_REASONS)[number];

/** Reasons for which a price cut is rarely the cure: the approver is reminded so. */
export const PRICE_IS_NOT_THE_CURE: ReadonlySet<DiscountReason> = new Set([
  'value',
  'understanding',
  'leverage',
]);

const STAGE_ALIASES: Record<string, PramStage> = {
  p: 'plan',
  r: 'relationship',
  a: 'agreement',
  m: 'maintenance',
  计划: 'plan',
  关系: 'relationship',
  协议: 'agreement',
  维护: 'maintenance',
};

const KIND_ALIASES: Record<string, VisitKind> = {
  拜访: 'visit',
  电话: 'call',
  会议: 'meeting',
  饭局: 'meal',
  活动: 'event',
  消息: 'message',
};

const REASON_ALIASES: Record<string, DiscountReason> = {
  竞品: 'competitor',
  竞争: 'competitor',
  预算: 'budget',
  价值: 'value',
  压价: 'leverage',
  误解: 'understanding',
  批量: 'volume',
  战略: 'strategic',
  其他: 'other',
};

function lookup<T extends string>(
  value: string,
  all: readonly T[],
  aliases: Record<string, T>,
): T | undefined {
  const key = value.trim().toLowerCase();
  // Own properties only: "constructor" is not a visit kind.
  return all.find((item) => item === key) ?? (Object.hasOwn(aliases, key) ? aliases[key] : undefined);
}

export const parseStage = (value: string) => lookup(value, PRAM_STAGES, STAGE_ALIASES);
export const parseKind = (value: string) => lookup(value, VISIT_KINDS, KIND_ALIASES);
export const parseReason = (value: string) => lookup(value, DISCOUNT_REASONS, REASON_ALIASES);
export const parseTier = (value: string): Tier | undefined =>
  TIERS.find((tier) => tier === value.trim().toUpperCase());
export const parseRole = (value: string) => lookup(value, ROLES, {});
export const parseCustomerStatus = (value: string) => lookup(value, CUSTOMER_STATUSES, {});
