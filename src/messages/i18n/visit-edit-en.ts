/** Correcting a visit (README, "Correcting a visit"): Edit and Undo for 24 hours after logging. */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const visitEditEn = {
  edit: 'Edit',
  undo: 'Undo',
  formTitle: 'Edit visit',
  save: 'Save',
  edited: (p: { stored: Text }) => `Corrected. ${p.stored}`,
  moved: (p: { from: Text; to: Text }) => `Moved from ${p.from} to ${p.to}.`,
  replay: 'Already corrected — this is the same edit as before.',
  undone: (p: { kind: Text; customer: Text; date: Text }) =>
    `Undone: the ${String(p.kind).toLowerCase()} at ${p.customer} on ${p.date} is removed.`,
  undoneState: (p: { customer: Text; last: Text; next: Text }) =>
    `${p.customer} now shows last visit ${p.last}, next follow-up ${p.next}.`,
  never: 'none',
  alreadyUndone: 'This visit was already undone, or no longer exists. Nothing changed.',
  expired: (p: { hours: Text; at: Text }) =>
    `A visit can be corrected for ${p.hours} hours after it is logged; this one was logged on ${p.at}. Nothing changed.`,
  notYours:
    'Only the rep who logged this visit, a manager above them or an admin may correct it. Nothing changed.',
  listHeader: 'Your visits of the last 24 hours — Edit or Undo:',
  listLine: (p: { at: Text; kind: Text; customer: Text; summary: Text }) =>
    `${p.at} · ${p.kind} at ${p.customer}: ${p.summary}`,
  listNone: 'You have logged no visits in the last 24 hours, so there is nothing to correct.',
};
