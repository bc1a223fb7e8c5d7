/** The supervisor's team digest and report, and handing a stale account over (README, "Morning messages"). */
import { count } from './plural.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const teamEn = {
  header: (p: { name: Text; date: Text }) => `Team digest for ${p.name} — ${p.date}`,
  reportHeader: (p: { name: Text; from: Text; to: Text }) =>
    `Team report for ${p.name} — ${p.from} to ${p.to}`,
  yesterday: (p: { date: Text }) => `Visits on ${p.date}`,
  visitsInPeriod: 'Visits',
  visitsLine: (p: { rep: Text; count: Text; customers: Text }) => `${p.rep}: ${p.count} — ${p.customers}`,
  noVisits: 'No visits.',
  silent: (p: { days: Text }) => `No visit for ${p.days} working days`,
  silentLine: (p: { rep: Text; last: Text }) => `${p.rep} (last visit ${p.last})`,
  silentNever: (p: { rep: Text }) => `${p.rep} (no visit yet)`,
  waiting: (p: { count: Text }) => `Waiting for your approval (${p.count})`,
  waitingLine: (p: { id: Text; customer: Text; percent: Text; rep: Text; age: Text }) =>
    `#${p.id} ${p.customer} ${p.percent}% from ${p.rep} — waiting ${p.age}`,
  stale: (p: { days: Text; count: Text }) => `Stale accounts — no progress for ${p.days} days (${p.count})`,
  staleLine: (p: { customer: Text; tier: Text; owner: Text; since: Text }) =>
    `${p.customer} (${p.tier}), ${p.owner} — no progress since ${p.since}`,
  reassignPlaceholder: 'Reassign to…',
  discounts: (p: { period: Text }) => `Discounts ${p.period}`,
  monthToDate: 'month to date',
  discountFigures: (p: { requests: Text; rate: Text; average: Text; total: Text }) =>
    `${count(p.requests!, 'request')}, ${p.rate} approved, average ${p.average} granted, ${p.total} given away in total.`,
  noDiscounts: 'No discount requests.',
  everyoneActive: 'Everyone has visited someone recently.',
  nothingWaiting: 'Nothing is waiting for you.',
  noStale: 'No stale accounts.',
  none: '—',
};

export const reassignEn = {
  done: (p: { customer: Text; owner: Text; due: Text }) =>
    `${p.customer} now belongs to ${p.owner}, due for a follow-up on ${p.due}; they have been told.`,
  confirm: (p: { customer: Text; from: Text; to: Text }) =>
    `Hand ${p.customer} from ${p.from} to ${p.to}? ${p.to} gets the account with its history and is due to follow up on their next working day.`,
  confirmButton: 'Hand over',
  cancelButton: 'Cancel',
  cancelled: 'Nothing was handed over.',
  alreadyTheirs: (p: { customer: Text; owner: Text }) =>
    `${p.customer} already belongs to ${p.owner}; nothing was changed.`,
  handedLine: (p: { customer: Text; owner: Text; by: Text }) =>
    `${p.customer} handed to ${p.owner} by ${p.by}`,
  newOwner: (p: { by: Text; customer: Text }) =>
    `${p.by} handed ${p.customer} over to you. Please follow up soon — here is the account:`,
  oldOwner: (p: { by: Text; customer: Text; owner: Text }) =>
    `${p.by} handed ${p.customer} over to ${p.owner}.`,
  notAllowed: () => 'Only a supervisor, director or admin can hand an account to someone else.',
  changedMeanwhile: (p: { customer: Text }) =>
    `${p.customer} changed hands in the meantime; nothing was changed.`,
  notInTeam: (p: { name: Text }) => `${p.name} is not in your team, or not set up in AccountDesk.`,
};
