import type { CustomerStatus, DiscountReason, PramStage, Role, VisitKind } from '../../domain/vocabulary.ts';
import { awayEn } from './away-en.ts';
import { chainEn } from './chain-en.ts';
import { chartsEn } from './charts-en.ts';
import { counterEn } from './counter-en.ts';
import { dealEn } from './deal-en.ts';
import { errorsEn } from './errors-en.ts';
import { homeEn } from './home-en.ts';
import { languageEn } from './language-en.ts';
import { leaveEn } from './leave-en.ts';
import { moneyEn } from './money-en.ts';
import { count } from './plural.ts';
import { policyHelpEn } from './policy-help-en.ts';
import { prospectEn } from './prospect-en.ts';
import { repReportEn } from './rep-report-en.ts';
import { reassignEn, teamEn } from './team-en.ts';
import { visitEditEn } from './visit-edit-en.ts';
import { weeklyEn } from './weekly-en.ts';
import { withdrawEn } from './withdraw-en.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const en = {
  errors: errorsEn,
  reasons: {
    competitor: 'Competitor quoted lower',
    budget: 'Budget or payment capacity',
    value: 'Customer does not see the value',
    leverage: 'Customer is playing vendors off',
    understanding: 'Customer misunderstood the offer',
    volume: 'Larger order',
    strategic: 'Strategic logo',
    other: 'Other',
  } satisfies Record<DiscountReason, string>,
  /** What a reader of this language types after `reason:` (every word parses: see vocabulary.ts). */
  reasonWords: {
    competitor: 'competitor',
    budget: 'budget',
    value: 'value',
    leverage: 'leverage',
    understanding: 'understanding',
    volume: 'volume',
    strategic: 'strategic',
    other: 'other',
  } satisfies Record<DiscountReason, string>,
  stages: {
    plan: 'Plan',
    relationship: 'Relationship',
    agreement: 'Agreement',
    maintenance: 'Maintenance',
  } satisfies Record<PramStage, string>,
  kinds: {
    visit: 'Visit',
    call: 'Call',
    meeting: 'Meeting',
    meal: 'Meal',
    event: 'Event',
    message: 'Message',
  } satisfies Record<VisitKind, string>,
  statuses: {
    prospect: 'Prospect',
    active: 'Active (won)',
    dormant: 'Dormant',
    lost: 'Lost',
  } satisfies Record<CustomerStatus, string>,
  roles: { rep: 'Rep', supervisor: 'Supervisor', director: 'Director', admin: 'Admin' } satisfies Record<
    Role,
    string
  >,
  outcomes: {
    approved: 'approved',
    rejected: 'rejected',
    auto_approved: 'auto-approved',
    withdrawn: 'withdrawn',
    superseded: 'replaced by a newer request',
    declined: 'closed: counter-offer declined',
    countered: 'answered with a counter-offer',
    pending: 'pending',
  },
  visit: {
    stored: (p: { kind: Text; customer: Text; date: Text; next: Text }) =>
      `${p.kind} logged for ${p.customer} on ${p.date}. Next follow-up: ${p.next}.`,
    storedStage: (p: { stage: Text }) => `Stage: ${p.stage}.`,
    overlongHint: (p: { length: Text }) =>
      `Your notes had ${p.length} characters, more than this box holds: the beginning is here, and your full text was sent to you in a message to copy from.`,
    overlongCopy: (p: { length: Text }) =>
      `Your /visit text in full (${p.length} characters), kept so nothing is lost:`,
    nextOffDay: (p: { next: Text }) =>
      `${p.next} is not a working day for your team; it is kept as you chose it.`,
    summary: 'Summary',
    nextStep: 'Next step',
    replay: 'Already logged — this is the same visit as before.',
  },
  discount: {
    autoApproved: (p: { percent: Text; customer: Text; limit: Text; manager: Text }) =>
      `Approved automatically: ${p.percent}% for ${p.customer} is within the ${p.limit}% you may grant. Recorded and reported to ${p.manager}.`,
    autoApprovedNoManager: (p: { percent: Text; customer: Text; limit: Text }) =>
      `Approved automatically: ${p.percent}% for ${p.customer} is within the ${p.limit}% you may grant. Recorded.`,
    sent: (p: { id: Text; percent: Text; customer: Text; approver: Text }) =>
      `Discount request #${p.id} (${p.percent}% for ${p.customer}) sent to ${p.approver} for approval.`,
    sentTwoStep: (p: { second: Text; limit: Text }) =>
      `It then goes to ${p.second} (cuts above ${p.limit}% need two approvals).`,
    askReason: (p: { customer: Text; percent: Text }) =>
      `Why does ${p.customer} ask for ${p.percent}%? Pick the real reason:`,
    autoReport: (p: { rep: Text; percent: Text; customer: Text; limit: Text }) =>
      `FYI: ${p.rep} granted ${p.percent}% to ${p.customer} (auto-approved, within ${p.limit}%).`,
    waitingLink: (p: { id: Text; percent: Text; customer: Text; approver: Text }) =>
      `Your request #${p.id} (${p.percent}% for ${p.customer}) is waiting for ${p.approver}.`,
    openApproval: 'Open the approval',
    replay: 'Already requested — this is the same request as before.',
  },
  chain: chainEn,
  deal: dealEn,
  money: moneyEn,
  withdraw: withdrawEn,
  weekly: weeklyEn,
  charts: chartsEn,
  counter: counterEn,
  leave: leaveEn,
  home: homeEn,
  language: languageEn,
  policyHelp: policyHelpEn,
  repReport: repReportEn,
  prospect: prospectEn,
  visitEdit: visitEditEn,
  away: awayEn,
  team: teamEn,
  reassign: reassignEn,
  approval: {
    header: (p: { id: Text; percent: Text; customer: Text }) =>
      `Discount request #${p.id}: ${p.percent}% for ${p.customer}`,
    intro: (p: { rep: Text; step: Text }) => `${p.rep} asks for your approval${p.step}.`,
    stepOf: (p: { step: Text; steps: Text }) => ` (step ${p.step} of ${p.steps})`,
    customer: 'Customer',
    tier: 'Tier',
    amount: 'Deal amount',
    requested: 'Requested',
    resulting: 'Resulting price',
    reason: 'Reason',
    justification: 'Justification',
    recent: 'Recent discounts for this customer',
    noRecent: 'None in the last 12 months.',
    notTheCure: 'Price is rarely the cure for this reason: consider clarifying the value or the offer first.',
    approve: 'Approve',
    reject: 'Reject',
    decided: (p: { outcome: Text; by: Text; at: Text }) => `${p.outcome} by ${p.by} on ${p.at}`,
    threadOutcome: (p: { by: Text; outcome: Text }) => `${p.by} ${p.outcome} this request.`,
    threadNote: (p: { note: Text }) => `Note: ${p.note}`,
    nextStep: (p: { approver: Text }) => `Step 1 approved; it now goes to ${p.approver}.`,
    repApproved: (p: { id: Text; percent: Text; customer: Text; by: Text }) =>
      `Your discount request #${p.id} (${p.percent}% for ${p.customer}) was approved by ${p.by}.`,
    repRejected: (p: { id: Text; percent: Text; customer: Text; by: Text }) =>
      `Your discount request #${p.id} (${p.percent}% for ${p.customer}) was rejected by ${p.by}.`,
    repForwarded: (p: { id: Text; percent: Text; customer: Text; by: Text; next: Text }) =>
      `Your discount request #${p.id} (${p.percent}% for ${p.customer}) was approved by ${p.by} and now waits for ${p.next}.`,
    pendingNone: 'Nothing is waiting for your approval.',
    pendingHeader: (p: { count: Text }) => `${count(p.count!, 'request')} waiting for your approval`,
    waitingSince: (p: { since: Text }) => `Waiting since ${p.since}`,
    rejectTitle: 'Reject request',
    approveTitle: 'Approve request',
    approveWithNote: 'Approve with a note…',
    rejectSubmit: 'Reject',
    noteLabel: 'Note for the rep',
    notePlaceholder: 'Why not, or what would make it acceptable',
    cancel: 'Cancel',
    recentLine: (p: { date: Text; percent: Text; outcome: Text }) =>
      `${p.date}: ${p.percent}% (${p.outcome})`,
  },
  customer: {
    pick: (p: { query: Text }) => `Several customers match “${p.query}”. Which one?`,
    card: (p: { name: Text }) => `${p.name}`,
    tier: 'Tier',
    status: 'Status',
    owner: 'Owner',
    stage: 'Stage',
    lastVisit: 'Last visit',
    nextFollowUp: 'Next follow-up',
    never: 'never',
    none: '—',
    recentVisits: 'Recent visits',
    noVisits: 'No visits yet.',
    contacts: 'Key contacts',
    noContacts: 'No key contacts yet.',
    contactLine: (p: { name: Text; title: Text; birthday: Text; phone: Text }) =>
      `${p.name}${p.title}${p.birthday}${p.phone}`,
    birthday: (p: { date: Text }) => ` · birthday ${p.date}`,
    discounts: 'Discounts in the last 12 months',
    noDiscounts: 'No discounts in the last 12 months.',
    discountLine: (p: { date: Text; percent: Text; amount: Text; outcome: Text }) =>
      `${p.date} · ${p.percent}%${p.amount} · ${p.outcome}`,
    decidedBy: (p: { outcome: Text; by: Text }) => `${p.outcome} by ${p.by}`,
    automatic: (p: { outcome: Text }) => `${p.outcome} (automatic)`,
    waitingFor: (p: { outcome: Text; approver: Text; id: Text }) =>
      `${p.outcome}, waiting for ${p.approver} (#${p.id})`,
    visitLine: (p: { date: Text; kind: Text; by: Text; summary: Text }) =>
      `${p.date} · ${p.kind} · ${p.by}: ${p.summary}`,
    more: (p: { count: Text }) => `…and ${p.count} more.`,
  },
  modal: {
    visitTitle: 'Log a visit',
    discountTitle: 'Request a discount',
    submit: 'Save',
    send: 'Send',
    cancel: 'Cancel',
    customer: 'Customer',
    customerPlaceholder: 'Type to search your customers',
    choose: 'Choose…',
    kind: 'Kind',
    stage: 'PRAM stage',
    summary: 'Summary',
    nextStep: 'Next step',
    nextFollowUp: 'Next follow-up',
    nextFollowUpHint: 'Leave empty to follow the tier cadence.',
    percent: 'Discount (%)',
    amount: 'Deal amount',
    reason: 'Why does the customer ask?',
    justification: 'Justification',
    optional: 'optional',
  },
  followups: {
    header: (p: { name: Text; date: Text }) => `Follow-ups for ${p.name} — ${p.date}`,
    dueToday: (p: { count: Text }) => `Due today (${p.count})`,
    overdue: (p: { count: Text }) => `Overdue (${p.count})`,
    dueLine: (p: { customer: Text; tier: Text }) => `${p.customer} (${p.tier})`,
    overdueLine: (p: { customer: Text; tier: Text; days: Text }) =>
      `${p.customer} (${p.tier}) — ${count(p.days!, 'day')} overdue`,
    neverVisited: 'never visited',
    lastVisit: (p: { date: Text; summary: Text }) => `Last visit ${p.date}: ${p.summary}`,
    promised: (p: { step: Text }) => `Promised next step: ${p.step}`,
    logVisit: 'Log visit',
    snooze: 'Snooze',
    done: 'Done',
    birthdays: 'Birthdays',
    birthdayToday: (p: { contact: Text; title: Text; customer: Text }) =>
      `🎂 ${p.contact}${p.title} at ${p.customer} — birthday today`,
    birthdayTomorrow: (p: { contact: Text; title: Text; customer: Text; date: Text }) =>
      `🎂 ${p.contact}${p.title} at ${p.customer} — birthday on ${p.date}`,
    pending: 'Your discount requests waiting for a decision',
    pendingLine: (p: { id: Text; customer: Text; percent: Text; approver: Text; age: Text }) =>
      `#${p.id} ${p.customer} ${p.percent}% — with ${p.approver} for ${p.age}`,
    allClear: (p: { name: Text }) => `All clear, ${p.name}: nothing is due today. 👍`,
    more: (p: { count: Text }) => `…and ${p.count} more (see /followups).`,
    snoozed: (p: { customer: Text; date: Text }) => `Snoozed ${p.customer} to ${p.date}.`,
    markedDone: (p: { customer: Text; date: Text }) =>
      `${p.customer} is done for now; next follow-up ${p.date}.`,
  },
  reminders: {
    remind: (p: { approver: Text; hours: Text }) =>
      `⏰ ${p.approver}, this request has waited ${p.hours} working hours for your decision.`,
    escalated: (p: { manager: Text; approver: Text; hours: Text }) =>
      `Escalated to ${p.manager}: waiting on ${p.approver} for ${p.hours} working hours. ${p.manager} may decide in their place.`,
    escalatedIntro: (p: { approver: Text; hours: Text }) =>
      `Escalated to you: ${p.approver} has not decided in ${p.hours} working hours. You may decide in their place.`,
    repEscalated: (p: { id: Text; customer: Text; manager: Text }) =>
      `Your request #${p.id} (${p.customer}) waited too long and was escalated to ${p.manager}.`,
  },
  age: {
    minutes: (p: { n: Text }) => `${p.n} min`,
    hours: (p: { n: Text }) => `${p.n} h`,
    days: (p: { n: Text }) => count(p.n!, 'day'),
  },
  help: () =>
    [
      'AccountDesk commands:',
      '• /visit <customer> <notes…> [next:YYYY-MM-DD|+7d] [stage:plan|relationship|agreement|maintenance] [kind:visit|call|meeting|meal|event|message] — log a visit (no arguments opens a form; /visit edit lists your visits of the last 24 hours to Edit or Undo)',
      '• /discount <customer> <N>% [on <amount>] [deal:<ref>] [reason:<code>] <justification…> — request a price cut (no arguments opens a form; /discount withdraw takes one back)',
      '• /customer <name> — the customer card',
      '• /customer add <name> [tier:A|B|C|D] — add a prospect of yours (tier D unless you say otherwise)',
      '• /approvals — requests waiting for your decision',
      '• /followups — customers due a follow-up today, overdue ones, birthdays',
      '• /home — your home: your day, your requests, approvals and your team (in Slack, the Home tab)',
      '• /report [week|month|last-month] — your own week (visits, requests, what is due); for supervisors the team: visits, silent reps, approvals waiting, stale accounts, discounts',
      '• /accountdesk away YYYY-MM-DD [@delegate] — away until that day: your approvals go to the delegate (else your manager)',
      '• /accountdesk back — back early: new approvals come to you again',
      '• Quote names with spaces when needed: /visit "Acme Labs" demo went well',
    ].join('\n'),
  notYetAvailable: (p: { command: Text }) => `${p.command} is coming soon.`,
  dateTime: (p: { date: Text; time: Text }) => `${p.date} ${p.time}`,
};

export type Catalog = typeof en;
