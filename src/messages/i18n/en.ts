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
import { count } from './plural.ts';
import { policyHelpEn } from './policy-help-en.ts';
import { prospectEn } from './prospect-en.ts';
import { repReportEn } from './rep-report-en.ts';
import { visitEditEn } from './visit-edit-en.ts';
import { withdrawEn } from './withdraw-en.ts';

type P = Record<string, string | number>;

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
    stored: (p: P) => `${p.kind} logged for ${p.customer} on ${p.date}. Next follow-up: ${p.next}.`,
    storedStage: (p: P) => `Stage: ${p.stage}.`,
    overlongHint: (p: P) =>
      `Your notes had ${p.length} characters, more than this box holds: the beginning is here, and your full text was sent to you in a message to copy from.`,
    overlongCopy: (p: P) => `Your /visit text in full (${p.length} characters), kept so nothing is lost:`,
    nextOffDay: (p: P) => `${p.next} is not a working day for your team; it is kept as you chose it.`,
    summary: 'Summary',
    nextStep: 'Next step',
    replay: 'Already logged — this is the same visit as before.',
  },
  discount: {
    autoApproved: (p: P) =>
      `Approved automatically: ${p.percent}% for ${p.customer} is within the ${p.limit}% you may grant. Recorded and reported to ${p.manager}.`,
    autoApprovedNoManager: (p: P) =>
      `Approved automatically: ${p.percent}% for ${p.customer} is within the ${p.limit}% you may grant. Recorded.`,
    sent: (p: P) =>
      `Discount request #${p.id} (${p.percent}% for ${p.customer}) sent to ${p.approver} for approval.`,
    sentTwoStep: (p: P) => `It then goes to ${p.second} (cuts above ${p.limit}% need two approvals).`,
    askReason: (p: P) => `Why does ${p.customer} ask for ${p.percent}%? Pick the real reason:`,
    autoReport: (p: P) =>
      `FYI: ${p.rep} granted ${p.percent}% to ${p.customer} (auto-approved, within ${p.limit}%).`,
    waitingLink: (p: P) =>
      `Your request #${p.id} (${p.percent}% for ${p.customer}) is waiting for ${p.approver}.`,
    openApproval: 'Open the approval',
    replay: 'Already requested — this is the same request as before.',
  },
  chain: chainEn,
  deal: dealEn,
  withdraw: withdrawEn,
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
  approval: {
    header: (p: P) => `Discount request #${p.id}: ${p.percent}% for ${p.customer}`,
    intro: (p: P) => `${p.rep} asks for your approval${p.step}.`,
    stepOf: (p: P) => ` (step ${p.step} of ${p.steps})`,
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
    decided: (p: P) => `${p.outcome} by ${p.by} on ${p.at}`,
    threadOutcome: (p: P) => `${p.by} ${p.outcome} this request.`,
    threadNote: (p: P) => `Note: ${p.note}`,
    nextStep: (p: P) => `Step 1 approved; it now goes to ${p.approver}.`,
    repApproved: (p: P) =>
      `Your discount request #${p.id} (${p.percent}% for ${p.customer}) was approved by ${p.by}.`,
    repRejected: (p: P) =>
      `Your discount request #${p.id} (${p.percent}% for ${p.customer}) was rejected by ${p.by}.`,
    repForwarded: (p: P) =>
      `Your discount request #${p.id} (${p.percent}% for ${p.customer}) was approved by ${p.by} and now waits for ${p.next}.`,
    pendingNone: 'Nothing is waiting for your approval.',
    pendingHeader: (p: P) => `${count(p.count!, 'request')} waiting for your approval`,
    waitingSince: (p: P) => `Waiting since ${p.since}`,
    rejectTitle: 'Reject request',
    approveTitle: 'Approve request',
    approveWithNote: 'Approve with a note…',
    rejectSubmit: 'Reject',
    noteLabel: 'Note for the rep',
    notePlaceholder: 'Why not, or what would make it acceptable',
    cancel: 'Cancel',
    recentLine: (p: P) => `${p.date}: ${p.percent}% (${p.outcome})`,
  },
  customer: {
    pick: (p: P) => `Several customers match “${p.query}”. Which one?`,
    card: (p: P) => `${p.name}`,
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
    contactLine: (p: P) => `${p.name}${p.title}${p.birthday}${p.phone}`,
    birthday: (p: P) => ` · birthday ${p.date}`,
    discounts: 'Discounts in the last 12 months',
    noDiscounts: 'No discounts in the last 12 months.',
    discountLine: (p: P) => `${p.date} · ${p.percent}%${p.amount} · ${p.outcome}`,
    discountAmount: (p: P) => ` on ${p.amount}`,
    decidedBy: (p: P) => `${p.outcome} by ${p.by}`,
    automatic: (p: P) => `${p.outcome} (automatic)`,
    waitingFor: (p: P) => `${p.outcome}, waiting for ${p.approver} (#${p.id})`,
    visitLine: (p: P) => `${p.date} · ${p.kind} · ${p.by}: ${p.summary}`,
    more: (p: P) => `…and ${p.count} more.`,
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
    header: (p: P) => `Follow-ups for ${p.name} — ${p.date}`,
    dueToday: (p: P) => `Due today (${p.count})`,
    overdue: (p: P) => `Overdue (${p.count})`,
    dueLine: (p: P) => `${p.customer} (${p.tier})`,
    overdueLine: (p: P) => `${p.customer} (${p.tier}) — ${count(p.days!, 'day')} overdue`,
    neverVisited: 'never visited',
    lastVisit: (p: P) => `Last visit ${p.date}: ${p.summary}`,
    promised: (p: P) => `Promised next step: ${p.step}`,
    logVisit: 'Log visit',
    snooze: 'Snooze',
    done: 'Done',
    birthdays: 'Birthdays',
    birthdayToday: (p: P) => `🎂 ${p.contact}${p.title} at ${p.customer} — birthday today`,
    birthdayTomorrow: (p: P) => `🎂 ${p.contact}${p.title} at ${p.customer} — birthday on ${p.date}`,
    pending: 'Your discount requests waiting for a decision',
    pendingLine: (p: P) => `#${p.id} ${p.customer} ${p.percent}% — with ${p.approver} for ${p.age}`,
    allClear: (p: P) => `All clear, ${p.name}: nothing is due today. 👍`,
    more: (p: P) => `…and ${p.count} more (see /followups).`,
    snoozed: (p: P) => `Snoozed ${p.customer} to ${p.date}.`,
    markedDone: (p: P) => `${p.customer} is done for now; next follow-up ${p.date}.`,
  },
  team: {
    header: (p: P) => `Team digest for ${p.name} — ${p.date}`,
    reportHeader: (p: P) => `Team report for ${p.name} — ${p.from} to ${p.to}`,
    yesterday: (p: P) => `Visits on ${p.date}`,
    visitsInPeriod: 'Visits',
    visitsLine: (p: P) => `${p.rep}: ${p.count} — ${p.customers}`,
    noVisits: 'No visits.',
    silent: (p: P) => `No visit for ${p.days} working days`,
    silentLine: (p: P) => `${p.rep} (last visit ${p.last})`,
    silentNever: (p: P) => `${p.rep} (no visit yet)`,
    waiting: (p: P) => `Waiting for your approval (${p.count})`,
    waitingLine: (p: P) => `#${p.id} ${p.customer} ${p.percent}% from ${p.rep} — waiting ${p.age}`,
    stale: (p: P) => `Stale accounts — no progress for ${p.days} days (${p.count})`,
    staleLine: (p: P) => `${p.customer} (${p.tier}), ${p.owner} — no progress since ${p.since}`,
    reassignPlaceholder: 'Reassign to…',
    discounts: (p: P) => `Discounts ${p.period}`,
    monthToDate: 'month to date',
    discountFigures: (p: P) =>
      `${count(p.requests!, 'request')}, ${p.rate} approved, average ${p.average} granted, ${p.total} given away in total.`,
    noDiscounts: 'No discount requests.',
    everyoneActive: 'Everyone has visited someone recently.',
    nothingWaiting: 'Nothing is waiting for you.',
    noStale: 'No stale accounts.',
    none: '—',
  },
  reassign: {
    done: (p: P) =>
      `${p.customer} now belongs to ${p.owner}, due for a follow-up on ${p.due}; they have been told.`,
    confirm: (p: P) =>
      `Hand ${p.customer} from ${p.from} to ${p.to}? ${p.to} gets the account with its history and is due to follow up on their next working day.`,
    confirmButton: 'Hand over',
    cancelButton: 'Cancel',
    cancelled: 'Nothing was handed over.',
    alreadyTheirs: (p: P) => `${p.customer} already belongs to ${p.owner}; nothing was changed.`,
    handedLine: (p: P) => `${p.customer} handed to ${p.owner} by ${p.by}`,
    newOwner: (p: P) =>
      `${p.by} handed ${p.customer} over to you. Please follow up soon — here is the account:`,
    oldOwner: (p: P) => `${p.by} handed ${p.customer} over to ${p.owner}.`,
    notAllowed: () => 'Only a supervisor, director or admin can hand an account to someone else.',
    changedMeanwhile: (p: P) => `${p.customer} changed hands in the meantime; nothing was changed.`,
    notInTeam: (p: P) => `${p.name} is not in your team, or not set up in AccountDesk.`,
  },
  reminders: {
    remind: (p: P) => `⏰ ${p.approver}, this request has waited ${p.hours} working hours for your decision.`,
    escalated: (p: P) =>
      `Escalated to ${p.manager}: waiting on ${p.approver} for ${p.hours} working hours. ${p.manager} may decide in their place.`,
    escalatedIntro: (p: P) =>
      `Escalated to you: ${p.approver} has not decided in ${p.hours} working hours. You may decide in their place.`,
    repEscalated: (p: P) =>
      `Your request #${p.id} (${p.customer}) waited too long and was escalated to ${p.manager}.`,
  },
  age: {
    minutes: (p: P) => `${p.n} min`,
    hours: (p: P) => `${p.n} h`,
    days: (p: P) => count(p.n!, 'day'),
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
  notYetAvailable: (p: P) => `${p.command} is coming soon.`,
  dateTime: (p: P) => `${p.date} ${p.time}`,
};

export type Catalog = typeof en;
