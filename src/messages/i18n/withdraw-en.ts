/** Withdrawing a discount request: the rep takes it back (README, "Withdrawing a request"). */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const withdrawEn = {
  button: 'Withdraw',
  formTitle: 'Withdraw request',
  submit: 'Withdraw',
  reasonLabel: 'Why withdraw it?',
  reasonPlaceholder: 'e.g. the customer signed at list price',
  done: (p: { id: Text; percent: Text; customer: Text; told: Text }) =>
    `Request #${p.id} (${p.percent}% for ${p.customer}) is withdrawn; told: ${p.told}.`,
  doneNobodyTold: (p: { id: Text; percent: Text; customer: Text }) =>
    `Request #${p.id} (${p.percent}% for ${p.customer}) is withdrawn.`,
  state: (p: { by: Text; at: Text }) => `Withdrawn by ${p.by} on ${p.at}`,
  stateReplaced: (p: { id: Text; at: Text }) => `Replaced by request #${p.id} on ${p.at}`,
  threadReplaced: (p: { by: Text; id: Text; percent: Text }) =>
    `${p.by} replaced this request with #${p.id} (${p.percent}%).`,
  approverToldReplaced: (p: {
    by: Text;
    id: Text;
    percent: Text;
    customer: Text;
    newId: Text;
    newPercent: Text;
  }) =>
    `${p.by} replaced discount request #${p.id} (${p.percent}% for ${p.customer}) with #${p.newId} (${p.newPercent}%): there is nothing left to decide on #${p.id}.`,
  reason: (p: { reason: Text }) => `Reason: ${p.reason}`,
  thread: (p: { by: Text }) => `${p.by} withdrew this request.`,
  approverTold: (p: { by: Text; id: Text; percent: Text; customer: Text }) =>
    `${p.by} withdrew discount request #${p.id} (${p.percent}% for ${p.customer}): there is nothing left to decide.`,
  listHeader: 'Your open requests — withdraw one the customer no longer needs, or answer a counter-offer:',
  listLine: (p: { id: Text; percent: Text; customer: Text; approver: Text; since: Text }) =>
    `#${p.id} · ${p.percent}% for ${p.customer} · with ${p.approver} since ${p.since}`,
  listNone: 'You have no request waiting for a decision, so there is nothing to withdraw.',
};
