/** The live discount policy and reason codes, shown by `/accountdesk help` and `/discount help`. */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const policyHelpEn = {
  title: () => 'Discount policy of your team:',
  auto: (p: { percent: Text }) => `• up to ${p.percent}%: approved at once`,
  manager: (p: { percent: Text }) => `• up to ${p.percent}%: your manager decides`,
  chain: (p: { percent: Text }) => `• up to ${p.percent}%: your manager, then their manager`,
  ceiling: (p: { percent: Text }) => `• above ${p.percent}%: cannot be requested`,
  reasonsTitle: () => 'Reasons (reason:<code>):',
  reason: (p: { code: Text; label: Text }) => `• ${p.code} — ${p.label}`,
  example: () => 'Example: /discount Acme 10% on 120k reason:competitor They have a quote 12% lower',
};
