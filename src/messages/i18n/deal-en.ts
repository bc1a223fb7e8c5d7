/** Deals and the rules that keep the policy from being bypassed (README, "Deals and re-approval"). */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const dealEn = {
  label: 'Deal',
  approvedBy: (p: { by: Text }) => `approved by ${p.by}`,
  approvedAutomatically: 'approved automatically',
  reapproved: (p: { percent: Text; customer: Text; earlier: Text; how: Text; date: Text; id: Text }) =>
    `Approved automatically: ${p.percent}% for ${p.customer} is within the ${p.earlier}% ${p.how} for this deal on ${p.date} (request #${p.id}).`,
  recordedAndReported: (p: { manager: Text }) => `Recorded and reported to ${p.manager}.`,
  recorded: 'Recorded.',
  reapprovalReport: (p: {
    rep: Text;
    percent: Text;
    customer: Text;
    earlier: Text;
    how: Text;
    date: Text;
    id: Text;
  }) =>
    `FYI: ${p.rep} got ${p.percent}% for ${p.customer} again: the same deal had ${p.earlier}% ${p.how} on ${p.date} (request #${p.id}).`,
  rejectedBeforeRep: (p: { id: Text; percent: Text; by: Text; date: Text }) =>
    `Request #${p.id} on this deal (${p.percent}%) was rejected by ${p.by} on ${p.date}, so this one is decided by a person, not automatically.`,
  limitRep: (p: { used: Text; customer: Text; days: Text; limit: Text; approver: Text }) =>
    `You already had ${p.used} automatic approvals for ${p.customer} in the last ${p.days} days (the limit is ${p.limit}), so ${p.approver} decides this one.`,
  rejectedBeforeApprover: (p: { id: Text; percent: Text; by: Text; date: Text }) =>
    `⛔ Earlier on this deal: request #${p.id} (${p.percent}%) was rejected by ${p.by} on ${p.date}.`,
  theirNote: (p: { note: Text }) => `Note: ${p.note}`,
  limitApprover: (p: { rep: Text; used: Text; customer: Text; days: Text; limit: Text }) =>
    `Why you decide: ${p.rep} already had ${p.used} automatic approvals for ${p.customer} in the last ${p.days} days (limit ${p.limit}).`,
  replaces: (p: { ids: Text }) => `It replaces #${p.ids}, still waiting until now.`,
};
