/** Context across an approval chain: what the later approver sees of the earlier, and how it ends. */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const chainEn = {
  earlierStep: (p: { step: Text; outcome: Text; by: Text; at: Text }) =>
    `Step ${p.step}: ${p.outcome} by ${p.by} on ${p.at}.`,
  earlierNote: (p: { note: Text }) => `Their note: ${p.note}`,
  earlierThread: (p: { step: Text }) => `Step ${p.step}'s discussion`,
  final: (p: { outcome: Text; by: Text; at: Text }) => `🏁 Final: ${p.outcome} by ${p.by} on ${p.at}`,
  earlierToldApproved: (p: { id: Text; percent: Text; customer: Text; step: Text; by: Text }) =>
    `Discount request #${p.id} (${p.percent}% for ${p.customer}), which you approved at step ${p.step}, was finally approved by ${p.by}.`,
  earlierToldRejected: (p: { id: Text; percent: Text; customer: Text; step: Text; by: Text }) =>
    `Discount request #${p.id} (${p.percent}% for ${p.customer}), which you approved at step ${p.step}, was rejected by ${p.by}.`,
  earlierToldDeclined: (p: { id: Text; percent: Text; customer: Text; step: Text; by: Text }) =>
    `Discount request #${p.id} (${p.percent}% for ${p.customer}), which you approved at step ${p.step}, is closed: ${p.by} declined the counter-offer.`,
  completeApproved: (p: { percent: Text; price: Text }) =>
    `The approval chain is complete: you may quote ${p.percent}% off${p.price}.`,
  completePrice: (p: { after: Text; amount: Text; cut: Text }) =>
    ` — ${p.after} instead of ${p.amount} (${p.cut} off)`,
  completeRejected: 'The approval chain is complete: no discount may be quoted on this request.',
};
