/** Deals and the rules that keep the policy from being bypassed (README, "Deals and re-approval"). */
type P = Record<string, string | number>;

export const dealEn = {
  label: 'Deal',
  approvedBy: (p: P) => `approved by ${p.by}`,
  approvedAutomatically: 'approved automatically',
  reapproved: (p: P) =>
    `Approved automatically: ${p.percent}% for ${p.customer} is within the ${p.earlier}% ${p.how} for this deal on ${p.date} (request #${p.id}).`,
  recordedAndReported: (p: P) => `Recorded and reported to ${p.manager}.`,
  recorded: 'Recorded.',
  reapprovalReport: (p: P) =>
    `FYI: ${p.rep} got ${p.percent}% for ${p.customer} again: the same deal had ${p.earlier}% ${p.how} on ${p.date} (request #${p.id}).`,
  rejectedBeforeRep: (p: P) =>
    `Request #${p.id} on this deal (${p.percent}%) was rejected by ${p.by} on ${p.date}, so this one is decided by a person, not automatically.`,
  limitRep: (p: P) =>
    `You already had ${p.used} automatic approvals for ${p.customer} in the last ${p.days} days (the limit is ${p.limit}), so ${p.approver} decides this one.`,
  rejectedBeforeApprover: (p: P) =>
    `⛔ Earlier on this deal: request #${p.id} (${p.percent}%) was rejected by ${p.by} on ${p.date}.`,
  theirNote: (p: P) => `Note: ${p.note}`,
  limitApprover: (p: P) =>
    `Why you decide: ${p.rep} already had ${p.used} automatic approvals for ${p.customer} in the last ${p.days} days (limit ${p.limit}).`,
  replaces: (p: P) => `It replaces #${p.ids}, still waiting until now.`,
};
