/** Context across an approval chain: what the later approver sees of the earlier, and how it ends. */
type P = Record<string, string | number>;

export const chainEn = {
  earlierStep: (p: P) => `Step ${p.step}: ${p.outcome} by ${p.by} on ${p.at}.`,
  earlierNote: (p: P) => `Their note: ${p.note}`,
  earlierThread: (p: P) => `Step ${p.step}'s discussion`,
  final: (p: P) => `🏁 Final: ${p.outcome} by ${p.by} on ${p.at}`,
  earlierToldApproved: (p: P) =>
    `Discount request #${p.id} (${p.percent}% for ${p.customer}), which you approved at step ${p.step}, was finally approved by ${p.by}.`,
  earlierToldRejected: (p: P) =>
    `Discount request #${p.id} (${p.percent}% for ${p.customer}), which you approved at step ${p.step}, was rejected by ${p.by}.`,
  earlierToldDeclined: (p: P) =>
    `Discount request #${p.id} (${p.percent}% for ${p.customer}), which you approved at step ${p.step}, is closed: ${p.by} declined the counter-offer.`,
  completeApproved: (p: P) => `The approval chain is complete: you may quote ${p.percent}% off${p.price}.`,
  completePrice: (p: P) => ` — ${p.after} instead of ${p.amount} (${p.cut} off)`,
  completeRejected: 'The approval chain is complete: no discount may be quoted on this request.',
};
