/** A rep's own `/report` (README, "Reports"): my week or month. */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const repReportEn = {
  header: (p: { name: Text; from: Text; to: Text }) => `Your report, ${p.name} — ${p.from} to ${p.to}`,
  visits: (p: { count: Text }) => (p.count === 1 ? 'Visits (1)' : `Visits (${p.count})`),
  noVisits: 'No visits logged in this period.',
  dayLine: (p: { date: Text; customers: Text }) => `${p.date}: ${p.customers}`,
  visitItem: (p: { stage: Text; customer: Text; kind: Text }) =>
    p.stage ? `${p.customer} (${p.kind}, ${p.stage})` : `${p.customer} (${p.kind})`,
  byStage: (p: { stages: Text }) => `By stage: ${p.stages}`,
  noStage: 'no stage',
  requests: (p: { count: Text }) => `Your discount requests (${p.count})`,
  requestLine: (p: { id: Text; customer: Text; percent: Text; outcome: Text }) =>
    `#${p.id} ${p.customer} ${p.percent}% — ${p.outcome}`,
  moreRequests: (p: { count: Text }) => `…and ${p.count} more.`,
  due: (p: { due: Text; overdue: Text }) => `Follow-ups now: ${p.due} due today, ${p.overdue} overdue`,
  dueNames: (p: { names: Text }) => `${p.names} — /followups lists them with their buttons.`,
};
