/** The weekly report's charts: titles, axes, empty-week notes and the alt texts (README, "Weekly report charts"). */
import { count } from './plural.ts';

type P = Record<string, string | number>;

export const chartsEn = {
  visitsTitle: (p: P) => `Visits per rep and day, ${p.from} – ${p.to}`,
  visitsAxis: 'Visits',
  discountsTitle: (p: P) => `Discount requests by reason, ${p.from} – ${p.to}`,
  requestsAxis: 'Requests',
  requested: 'Requested',
  granted: 'Granted',
  /** Beside a bar: how many, and the average percent when there is one. */
  barLabel: (p: P) => `${p.count} · avg ${p.percent}%`,
  noVisits: 'No visits logged this week',
  noReps: 'No reps to show this week',
  noDiscounts: 'No discount requests this week',
  visitsAlt: (p: P) =>
    `${p.visits} logged by ${p.reps} from ${p.from} to ${p.to} (${p.kinds}); most by ${p.top} (${p.topCount}).`,
  visitsAltEmpty: (p: P) => `No visits were logged from ${p.from} to ${p.to}.`,
  discountsAlt: (p: P) =>
    `${p.requests} from ${p.from} to ${p.to}, ${p.granted} granted; average asked ${p.asked}, average granted ${p.given}.`,
  discountsAltEmpty: (p: P) => `No discount requests were filed from ${p.from} to ${p.to}.`,
  /** Counts in the alt texts, in words (see plural.ts). */
  visitCount: (p: P) => count(p.n!, 'visit'),
  repCount: (p: P) => count(p.n!, 'rep'),
  requestCount: (p: P) => count(p.n!, 'discount request'),
  /** `kind` is the catalog's kind name ("Call"): "84 calls". */
  kindCount: (p: P) => count(p.n!, String(p.kind).toLowerCase()),
  percent: (p: P) => `${p.percent}%`,
  none: 'none',
  listSeparator: ', ',
};
