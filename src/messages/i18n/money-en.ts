/** Amounts in the team currency and the cut in money beside its percent (README, "Amounts"). */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const moneyEn = {
  /** The approval message's "Requested" field: "10% (CNY 12,000 off)". */
  percentCut: (p: { percent: Text; cut: Text }) => `${p.percent}% (${p.cut} off)`,
  /** A line of the customer card's discount history: "10% on CNY 120,000". */
  discountAmount: (p: { amount: Text }) => ` on ${p.amount}`,
  /** After the rep's answer, a manager's report or a decision: what the percent comes to. */
  cutOnAmount: (p: { cut: Text; amount: Text; after: Text }) =>
    `That is ${p.cut} off ${p.amount}: ${p.after}.`,
};
