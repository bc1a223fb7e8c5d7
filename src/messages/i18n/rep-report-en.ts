/** A rep's own `/report` (README, "Reports"): my week or month. */
type P = Record<string, string | number>;

export const repReportEn = {
  header: (p: P) => `Your report, ${p.name} — ${p.from} to ${p.to}`,
  visits: (p: P) => (p.count === 1 ? 'Visits (1)' : `Visits (${p.count})`),
  noVisits: 'No visits logged in this period.',
  dayLine: (p: P) => `${p.date}: ${p.customers}`,
  visitItem: (p: P) => (p.stage ? `${p.customer} (${p.kind}, ${p.stage})` : `${p.customer} (${p.kind})`),
  byStage: (p: P) => `By stage: ${p.stages}`,
  noStage: 'no stage',
  requests: (p: P) => `Your discount requests (${p.count})`,
  requestLine: (p: P) => `#${p.id} ${p.customer} ${p.percent}% — ${p.outcome}`,
  moreRequests: (p: P) => `…and ${p.count} more.`,
  due: (p: P) => `Follow-ups now: ${p.due} due today, ${p.overdue} overdue`,
  dueNames: (p: P) => `${p.names} — /followups lists them with their buttons.`,
};
