/** 团队当前的折扣政策与原因代码：`/accountdesk help` 与 `/discount help` 显示。 */
import type { policyHelpEn } from './policy-help-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const policyHelpZhCN: typeof policyHelpEn = {
  title: () => '团队折扣政策：',
  auto: (p: { percent: Text }) => zh`• ${p.percent}% 以内：自动批准`,
  manager: (p: { percent: Text }) => zh`• ${p.percent}% 以内：由你的上级审批`,
  chain: (p: { percent: Text }) => zh`• ${p.percent}% 以内：你的上级审批后，再由其上级审批`,
  ceiling: (p: { percent: Text }) => zh`• 超过${p.percent}%：不能申请`,
  reasonsTitle: () => '降价原因（reason:<原因>）：',
  reason: (p: { code: Text; label: Text }) => zh`• ${p.code}：${p.label}`,
  example: () => '示例：/discount 华为 10% 金额 12万 reason:竞争 对方报价低 12%',
};
