/** Counter-offers: the approver names a smaller cut, the rep accepts or declines (README, "Counter-offers"). */
type P = Record<string, string | number>;

export const counterEn = {
  button: 'Counter-offer…',
  formTitle: 'Counter-offer',
  submit: 'Send counter-offer',
  percentLabel: 'Your counter-offer (%)',
  percentHint: (p: P) => `Below the ${p.requested}% asked for. The rep accepts or declines it.`,
  noteLabel: 'Note to the rep',
  notePlaceholder: 'e.g. 15% keeps our margin; we can add two days of training',
  sent: (p: P) =>
    `Counter-offer of ${p.percent}% on request #${p.id} (${p.customer}) sent to ${p.rep}; they can accept or decline it.`,
  state: (p: P) => `Counter-offer ${p.percent}% (asked ${p.asked}%) by ${p.by} on ${p.at}.`,
  stateWaiting: (p: P) => `Waiting for ${p.rep}'s answer.`,
  stateAccepted: (p: P) => `Accepted by ${p.rep} on ${p.at}.`,
  stateDeclined: (p: P) => `Declined by ${p.rep} on ${p.at}.`,
  stateExpired: (p: P) => `Unanswered; expired on ${p.at}.`,
  requested: (p: P) => `${p.asked}% → ${p.percent}% (counter-offer)`,
  earlier: (p: P) =>
    `Step ${p.step}: counter-offer ${p.percent}% by ${p.by} on ${p.at}, accepted by ${p.rep}.`,
  thread: (p: P) => `${p.by} offers ${p.percent}% instead of the ${p.asked}% asked for.`,
  threadAccepted: (p: P) => `${p.rep} accepted the counter-offer of ${p.percent}%.`,
  threadDeclined: (p: P) => `${p.rep} declined the counter-offer of ${p.percent}%; the request is closed.`,
  threadExpired: (p: P) =>
    `Nobody answered the counter-offer of ${p.percent}% within ${p.days} working days; the request is closed as declined.`,
  repOffer: (p: P) =>
    `${p.by} answers your discount request #${p.id} (${p.asked}% for ${p.customer}) with a counter-offer: ${p.percent}%.`,
  repOfferPrice: (p: P) => `That is ${p.after} instead of ${p.amount} (${p.cut} off).`,
  repOfferAsk: (p: P) =>
    `Accept to go on at ${p.percent}%, or decline to close the request. Unanswered, it expires after ${p.days} working days.`,
  accept: 'Accept',
  decline: 'Decline',
  repAccepted: (p: P) => `You accepted ${p.percent}% on ${p.at}.`,
  repDeclined: (p: P) => `You declined on ${p.at}; the request is closed.`,
  repExpired: (p: P) => `The counter-offer expired unanswered on ${p.at}; the request is closed as declined.`,
  repClosed: (p: P) => `No longer open: ${p.state}`,
  acceptedNext: (p: P) =>
    `Accepted: request #${p.id} is now ${p.percent}% and goes to ${p.next} for step ${p.step}.`,
  acceptedApproved: (p: P) => `Accepted: request #${p.id} is approved at ${p.percent}%.`,
  declined: (p: P) =>
    `Declined: request #${p.id} is closed. File a new request if the customer's situation changes.`,
  approverToldAccepted: (p: P) =>
    `${p.rep} accepted your counter-offer of ${p.percent}% on request #${p.id} (${p.customer}).`,
  approverToldForwarded: (p: P) => `It now goes to ${p.next} for step ${p.step}.`,
  approverToldApproved: 'The request is approved at that percent.',
  approverToldDeclined: (p: P) =>
    `${p.rep} declined your counter-offer of ${p.percent}% on request #${p.id} (${p.customer}); the request is closed.`,
  approverToldExpired: (p: P) =>
    `Your counter-offer of ${p.percent}% on request #${p.id} (${p.customer}) went unanswered for ${p.days} working days; the request is closed as declined.`,
  repReminder: (p: P) =>
    `Reminder: ${p.by}'s counter-offer of ${p.percent}% on request #${p.id} (${p.customer}) is waiting for your answer. Unanswered, it expires after ${p.days} working days.`,
  listLine: (p: P) => `#${p.id} · ${p.asked}% for ${p.customer} · counter-offer ${p.percent}% from ${p.by}`,
  answers: { accepted: 'accepted', declined: 'declined', expired: 'left to expire' },
};
