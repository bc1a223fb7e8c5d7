/** The weekly report to supervisors and directors (README, "Weekly report"). */
import { count } from './plural.ts';

type P = Record<string, string | number>;

export const weeklyEn = {
  header: (p: P) => `Weekly report, ${p.name} — ${p.from} to ${p.to}`,
  visits: (p: P) => `${count(p.count!, 'visit')} (${p.change})`,
  discounts: (p: P) => `${count(p.requested!, 'discount request')}, ${p.granted} granted (${p.change})`,
  /** `delta` is signed: "+3" or "−2". */
  change: (p: P) => `${p.delta} vs last week`,
  same: 'same as last week',
  topCustomers: (p: P) => `Most visited: ${p.customers}`,
  topCustomer: (p: P) => `${p.customer} (${p.count})`,
  silent: (p: P) => `No visit: ${p.reps}`,
  noneSilent: 'Every rep logged a visit.',
  noReps: 'No reps report to you.',
  separator: ', ',
  charts: 'Charts: visits per rep and working day by kind; discounts requested and granted by reason.',
};
