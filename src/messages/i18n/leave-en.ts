/** A member leaving the team (README, "A rep leaves"): 离司业务员客户100%回访. */
import { count } from './plural.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const leaveErrorsEn = {
  member_left: () =>
    'You are no longer an active member of this team in AccountDesk, so nothing was recorded. Ask your admin if this is a mistake.',
  leave_to_self: (p: { member: Text }) => `${p.member} cannot take over their own customers.`,
  leave_to_inactive: (p: { member: Text }) =>
    `${p.member} is no longer active and cannot take over customers.`,
  leave_no_owner: (p: { member: Text }) =>
    `${p.member} has no manager to take over their customers and reports: name someone with --to.`,
};

export const leaveEn = {
  handedIntro: (p: { leaver: Text; count: Text }) =>
    `${p.leaver} has left the team. ${p.count} of their customers are now yours — call each of them back (离司业务员客户100%回访):`,
  handedLine: (p: { customer: Text; tier: Text; due: Text }) =>
    `• ${p.customer} (${p.tier}) — call back by ${p.due}`,
  handedMore: (p: { count: Text }) => `…and ${p.count} more; /followups lists them all.`,
  withdrawnNote: (p: { leaver: Text }) => `${p.leaver} left the team.`,
  summary: (p: {
    leaver: Text;
    customers: Text;
    to: Text;
    reports: Text;
    manager: Text;
    withdrawn: Text;
    moved: Text;
  }) =>
    `${p.leaver} has left: ${count(p.customers!, 'customer')} handed over${p.to}, ${count(p.reports!, 'report')} moved${p.manager}, ${count(p.withdrawn!, 'open request')} withdrawn, ${count(p.moved!, 'approval')} moved up the line.`,
  summaryTo: (p: { names: Text }) => ` to ${p.names}`,
  summaryManager: (p: { manager: Text }) => ` to ${p.manager}`,
  /** One new owner in the summary's list, with how many customers they took. */
  summaryOwner: (p: { owner: Text; count: Text }) => `${p.owner} (${p.count})`,
  summarySeparator: ', ',
  already: (p: { leaver: Text; withdrawn: Text; moved: Text }) =>
    `${p.leaver} had already left; nothing else changed (${count(p.withdrawn!, 'open request')} withdrawn, ${count(p.moved!, 'approval')} moved up the line).`,
  departed: (p: { leaver: Text; count: Text }) =>
    `${p.leaver} has left the workspace. Hand over their ${count(p.count!, 'customer')} — each will be called back — to:`,
  handOverTo: (p: { name: Text }) => `Hand over to ${p.name}`,
  departedHint:
    'Nothing changes until you press one. Their open requests are then withdrawn and approvals waiting on them move up; to split the book, use accountdesk members leave with several --to.',
  callbacks: (p: { done: Text; total: Text }) => `Hand-over call-backs: ${p.done} of ${p.total} done`,
  callbackLine: (p: { owner: Text; done: Text; total: Text }) => `${p.owner}: ${p.done} of ${p.total}`,
};
