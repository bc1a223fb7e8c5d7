/** The live discount policy and reason codes, shown by `/accountdesk help` and `/discount help`. */
type P = Record<string, string | number>;

export const policyHelpEn = {
  title: () => 'Discount policy of your team:',
  auto: (p: P) => `• up to ${p.percent}%: approved at once`,
  manager: (p: P) => `• up to ${p.percent}%: your manager decides`,
  chain: (p: P) => `• up to ${p.percent}%: your manager, then their manager`,
  ceiling: (p: P) => `• above ${p.percent}%: cannot be requested`,
  reasonsTitle: () => 'Reasons (reason:<code>):',
  reason: (p: P) => `• ${p.code} — ${p.label}`,
  example: () => 'Example: /discount Acme 10% on 120k reason:competitor They have a quote 12% lower',
};
