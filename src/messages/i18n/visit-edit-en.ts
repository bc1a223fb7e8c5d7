/** Correcting a visit (README, "Correcting a visit"): Edit and Undo for 24 hours after logging. */
type P = Record<string, string | number>;

export const visitEditEn = {
  edit: 'Edit',
  undo: 'Undo',
  formTitle: 'Edit visit',
  save: 'Save',
  edited: (p: P) => `Corrected. ${p.stored}`,
  moved: (p: P) => `Moved from ${p.from} to ${p.to}.`,
  replay: 'Already corrected — this is the same edit as before.',
  undone: (p: P) => `Undone: the ${String(p.kind).toLowerCase()} at ${p.customer} on ${p.date} is removed.`,
  undoneState: (p: P) => `${p.customer} now shows last visit ${p.last}, next follow-up ${p.next}.`,
  never: 'none',
  alreadyUndone: 'This visit was already undone, or no longer exists. Nothing changed.',
  expired: (p: P) =>
    `A visit can be corrected for ${p.hours} hours after it is logged; this one was logged on ${p.at}. Nothing changed.`,
  notYours:
    'Only the rep who logged this visit, a manager above them or an admin may correct it. Nothing changed.',
  listHeader: 'Your visits of the last 24 hours — Edit or Undo:',
  listLine: (p: P) => `${p.at} · ${p.kind} at ${p.customer}: ${p.summary}`,
  listNone: 'You have logged no visits in the last 24 hours, so there is nothing to correct.',
};
