/** The weekly report to supervisors and directors (README, "Weekly report"). */
import { count } from './plural.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const weeklyEn = {
  header: (p: { name: Text; from: Text; to: Text }) => `Weekly report, ${p.name} — ${p.from} to ${p.to}`,
  visits: (p: { count: Text; change: Text }) => `${count(p.count!, 'visit')} (${p.change})`,
  discounts: (p: { requested: Text; granted: Text; change: Text }) =>
    `${count(p.requested!, 'discount request')}, ${p.granted} granted (${p.change})`,
  /** `delta` is signed: "+3" or "−2". */
  change: (p: { delta: Text }) => `${p.delta} vs last week`,
  same: 'same as last week',
  topCustomers: (p: { customers: Text }) => `Most visited: ${p.customers}`,
  topCustomer: (p: { customer: Text; count: Text }) => `${p.customer} (${p.count})`,
  silent: (p: { reps: Text }) => `No visit: ${p.reps}`,
  noneSilent: 'Every rep logged a visit.',
  noReps: 'No reps report to you.',
  separator: ', ',
  charts: 'Charts: visits per rep and working day by kind; discounts requested and granted by reason.',
};
