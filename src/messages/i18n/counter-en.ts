/** Counter-offers: the approver names a smaller cut, the rep accepts or declines (README, "Counter-offers"). */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const counterEn = {
  button: 'Counter-offer…',
  formTitle: 'Counter-offer',
  submit: 'Send counter-offer',
  percentLabel: 'Your counter-offer (%)',
  percentHint: (p: { requested: Text }) =>
    `Below the ${p.requested}% asked for. The rep accepts or declines it.`,
  noteLabel: 'Note to the rep',
  notePlaceholder: 'e.g. 15% keeps our margin; we can add two days of training',
  sent: (p: { percent: Text; id: Text; customer: Text; rep: Text }) =>
    `Counter-offer of ${p.percent}% on request #${p.id} (${p.customer}) sent to ${p.rep}; they can accept or decline it.`,
  state: (p: { percent: Text; asked: Text; by: Text; at: Text }) =>
    `Counter-offer ${p.percent}% (asked ${p.asked}%) by ${p.by} on ${p.at}.`,
  stateWaiting: (p: { rep: Text }) => `Waiting for ${p.rep}'s answer.`,
  stateAccepted: (p: { rep: Text; at: Text }) => `Accepted by ${p.rep} on ${p.at}.`,
  stateDeclined: (p: { rep: Text; at: Text }) => `Declined by ${p.rep} on ${p.at}.`,
  stateExpired: (p: { at: Text }) => `Unanswered; expired on ${p.at}.`,
  requested: (p: { asked: Text; percent: Text }) => `${p.asked}% → ${p.percent}% (counter-offer)`,
  earlier: (p: { step: Text; percent: Text; by: Text; at: Text; rep: Text }) =>
    `Step ${p.step}: counter-offer ${p.percent}% by ${p.by} on ${p.at}, accepted by ${p.rep}.`,
  thread: (p: { by: Text; percent: Text; asked: Text }) =>
    `${p.by} offers ${p.percent}% instead of the ${p.asked}% asked for.`,
  threadAccepted: (p: { rep: Text; percent: Text }) =>
    `${p.rep} accepted the counter-offer of ${p.percent}%.`,
  threadDeclined: (p: { rep: Text; percent: Text }) =>
    `${p.rep} declined the counter-offer of ${p.percent}%; the request is closed.`,
  threadExpired: (p: { percent: Text; days: Text }) =>
    `Nobody answered the counter-offer of ${p.percent}% within ${p.days} working days; the request is closed as declined.`,
  repOffer: (p: { by: Text; id: Text; asked: Text; customer: Text; percent: Text }) =>
    `${p.by} answers your discount request #${p.id} (${p.asked}% for ${p.customer}) with a counter-offer: ${p.percent}%.`,
  repOfferPrice: (p: { after: Text; amount: Text; cut: Text }) =>
    `That is ${p.after} instead of ${p.amount} (${p.cut} off).`,
  repOfferAsk: (p: { percent: Text; days: Text }) =>
    `Accept to go on at ${p.percent}%, or decline to close the request. Unanswered, it expires after ${p.days} working days.`,
  accept: 'Accept',
  decline: 'Decline',
  repAccepted: (p: { percent: Text; at: Text }) => `You accepted ${p.percent}% on ${p.at}.`,
  repDeclined: (p: { at: Text }) => `You declined on ${p.at}; the request is closed.`,
  repExpired: (p: { at: Text }) =>
    `The counter-offer expired unanswered on ${p.at}; the request is closed as declined.`,
  repClosed: (p: { state: Text }) => `No longer open: ${p.state}`,
  acceptedNext: (p: { id: Text; percent: Text; next: Text; step: Text }) =>
    `Accepted: request #${p.id} is now ${p.percent}% and goes to ${p.next} for step ${p.step}.`,
  acceptedApproved: (p: { id: Text; percent: Text }) =>
    `Accepted: request #${p.id} is approved at ${p.percent}%.`,
  declined: (p: { id: Text }) =>
    `Declined: request #${p.id} is closed. File a new request if the customer's situation changes.`,
  approverToldAccepted: (p: { rep: Text; percent: Text; id: Text; customer: Text }) =>
    `${p.rep} accepted your counter-offer of ${p.percent}% on request #${p.id} (${p.customer}).`,
  approverToldForwarded: (p: { next: Text; step: Text }) => `It now goes to ${p.next} for step ${p.step}.`,
  approverToldApproved: 'The request is approved at that percent.',
  approverToldDeclined: (p: { rep: Text; percent: Text; id: Text; customer: Text }) =>
    `${p.rep} declined your counter-offer of ${p.percent}% on request #${p.id} (${p.customer}); the request is closed.`,
  approverToldExpired: (p: { percent: Text; id: Text; customer: Text; days: Text }) =>
    `Your counter-offer of ${p.percent}% on request #${p.id} (${p.customer}) went unanswered for ${p.days} working days; the request is closed as declined.`,
  repReminder: (p: { by: Text; percent: Text; id: Text; customer: Text; days: Text }) =>
    `Reminder: ${p.by}'s counter-offer of ${p.percent}% on request #${p.id} (${p.customer}) is waiting for your answer. Unanswered, it expires after ${p.days} working days.`,
  listLine: (p: { id: Text; asked: Text; customer: Text; percent: Text; by: Text }) =>
    `#${p.id} · ${p.asked}% for ${p.customer} · counter-offer ${p.percent}% from ${p.by}`,
  answers: { accepted: 'accepted', declined: 'declined', expired: 'left to expire' },
};
