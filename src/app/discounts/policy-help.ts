/** The discount policy in words (README, "Discount policy"), from the settings in force now. */
import type { Locale } from '../../config.ts';
import type { DiscountPolicy } from '../../domain/discount-policy.ts';
import { DISCOUNT_REASONS } from '../../domain/vocabulary.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import type { AppDeps } from '../context.ts';
import type { Member } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';

/** The team's discount thresholds and the reason codes, read from the settings in force now. */
export function policyHelpText(locale: Locale, policy: DiscountPolicy): string {
  const c = catalog(locale);
  const t = c.policyHelp;
  return [
    t.title(),
    t.auto({ percent: policy.autoApproveMaxPercent }),
    t.manager({ percent: policy.managerMaxPercent }),
    t.chain({ percent: policy.secondLevelMaxPercent }),
    t.ceiling({ percent: policy.secondLevelMaxPercent }),
    t.reasonsTitle(),
    ...DISCOUNT_REASONS.map((code) => t.reason({ code: c.reasonWords[code], label: c.reasons[code] })),
  ].join('\n');
}

/** `/discount help`: the policy and reasons, with an example to copy. */
export async function discountHelpMessage(deps: AppDeps, member: Member): Promise<Message> {
  const { discountPolicy } = await loadSettings(deps.db);
  const t = catalog(member.lang).policyHelp;
  return textMessage(`${policyHelpText(member.lang, discountPolicy)}\n${t.example()}`);
}
