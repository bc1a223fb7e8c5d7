/** The weekly report's charts: titles, axes, empty-week notes and the alt texts (README, "Weekly report charts"). */
import { count } from './plural.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const chartsEn = {
  visitsTitle: (p: { from: Text; to: Text }) => `Visits per rep and day, ${p.from} – ${p.to}`,
  visitsAxis: 'Visits',
  discountsTitle: (p: { from: Text; to: Text }) => `Discount requests by reason, ${p.from} – ${p.to}`,
  requestsAxis: 'Requests',
  requested: 'Requested',
  granted: 'Granted',
  /** Beside a bar: how many, and the average percent when there is one. */
  barLabel: (p: { count: Text; percent: Text }) => `${p.count} · avg ${p.percent}%`,
  noVisits: 'No visits logged this week',
  noReps: 'No reps to show this week',
  noDiscounts: 'No discount requests this week',
  visitsAlt: (p: {
    visits: Text;
    reps: Text;
    from: Text;
    to: Text;
    kinds: Text;
    top: Text;
    topCount: Text;
  }) =>
    `${p.visits} logged by ${p.reps} from ${p.from} to ${p.to} (${p.kinds}); most by ${p.top} (${p.topCount}).`,
  visitsAltEmpty: (p: { from: Text; to: Text }) => `No visits were logged from ${p.from} to ${p.to}.`,
  discountsAlt: (p: { requests: Text; from: Text; to: Text; granted: Text; asked: Text; given: Text }) =>
    `${p.requests} from ${p.from} to ${p.to}, ${p.granted} granted; average asked ${p.asked}, average granted ${p.given}.`,
  discountsAltEmpty: (p: { from: Text; to: Text }) =>
    `No discount requests were filed from ${p.from} to ${p.to}.`,
  /** Counts in the alt texts, in words (see plural.ts). */
  visitCount: (p: { n: Text }) => count(p.n!, 'visit'),
  repCount: (p: { n: Text }) => count(p.n!, 'rep'),
  requestCount: (p: { n: Text }) => count(p.n!, 'discount request'),
  /** `kind` is the catalog's kind name ("Call"): "84 calls". */
  kindCount: (p: { n: Text; kind: Text }) => count(p.n!, String(p.kind).toLowerCase()),
  percent: (p: { percent: Text }) => `${p.percent}%`,
  none: 'none',
  listSeparator: ', ',
};
