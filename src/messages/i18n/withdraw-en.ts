/** Withdrawing a discount request: the rep takes it back (README, "Withdrawing a request"). */
type P = Record<string, string | number>;

export const withdrawEn = {
  button: 'Withdraw',
  formTitle: 'Withdraw request',
  submit: 'Withdraw',
  reasonLabel: 'Why withdraw it?',
  reasonPlaceholder: 'e.g. the customer signed at list price',
  done: (p: P) => `Request #${p.id} (${p.percent}% for ${p.customer}) is withdrawn; told: ${p.told}.`,
  doneNobodyTold: (p: P) => `Request #${p.id} (${p.percent}% for ${p.customer}) is withdrawn.`,
  state: (p: P) => `Withdrawn by ${p.by} on ${p.at}`,
  stateReplaced: (p: P) => `Replaced by request #${p.id} on ${p.at}`,
  threadReplaced: (p: P) => `${p.by} replaced this request with #${p.id} (${p.percent}%).`,
  approverToldReplaced: (p: P) =>
    `${p.by} replaced discount request #${p.id} (${p.percent}% for ${p.customer}) with #${p.newId} (${p.newPercent}%): there is nothing left to decide on #${p.id}.`,
  reason: (p: P) => `Reason: ${p.reason}`,
  thread: (p: P) => `${p.by} withdrew this request.`,
  approverTold: (p: P) =>
    `${p.by} withdrew discount request #${p.id} (${p.percent}% for ${p.customer}): there is nothing left to decide.`,
  listHeader: 'Your open requests — withdraw one the customer no longer needs, or answer a counter-offer:',
  listLine: (p: P) => `#${p.id} · ${p.percent}% for ${p.customer} · with ${p.approver} since ${p.since}`,
  listNone: 'You have no request waiting for a decision, so there is nothing to withdraw.',
};
