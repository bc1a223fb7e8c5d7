/** A member leaving the team (README, "A rep leaves"): 离司业务员客户100%回访. */
import { count } from './plural.ts';

type P = Record<string, string | number>;

export const leaveErrorsEn = {
  member_left: () =>
    'You are no longer an active member of this team in AccountDesk, so nothing was recorded. Ask your admin if this is a mistake.',
  leave_to_self: (p: P) => `${p.member} cannot take over their own customers.`,
  leave_to_inactive: (p: P) => `${p.member} is no longer active and cannot take over customers.`,
  leave_no_owner: (p: P) =>
    `${p.member} has no manager to take over their customers and reports: name someone with --to.`,
};

export const leaveEn = {
  handedIntro: (p: P) =>
    `${p.leaver} has left the team. ${p.count} of their customers are now yours — call each of them back (离司业务员客户100%回访):`,
  handedLine: (p: P) => `• ${p.customer} (${p.tier}) — call back by ${p.due}`,
  handedMore: (p: P) => `…and ${p.count} more; /followups lists them all.`,
  withdrawnNote: (p: P) => `${p.leaver} left the team.`,
  summary: (p: P) =>
    `${p.leaver} has left: ${count(p.customers!, 'customer')} handed over${p.to}, ${count(p.reports!, 'report')} moved${p.manager}, ${count(p.withdrawn!, 'open request')} withdrawn, ${count(p.moved!, 'approval')} moved up the line.`,
  summaryTo: (p: P) => ` to ${p.names}`,
  summaryManager: (p: P) => ` to ${p.manager}`,
  /** One new owner in the summary's list, with how many customers they took. */
  summaryOwner: (p: P) => `${p.owner} (${p.count})`,
  summarySeparator: ', ',
  already: (p: P) =>
    `${p.leaver} had already left; nothing else changed (${count(p.withdrawn!, 'open request')} withdrawn, ${count(p.moved!, 'approval')} moved up the line).`,
  departed: (p: P) =>
    `${p.leaver} has left the workspace. Hand over their ${count(p.count!, 'customer')} — each will be called back — to:`,
  handOverTo: (p: P) => `Hand over to ${p.name}`,
  departedHint:
    'Nothing changes until you press one. Their open requests are then withdrawn and approvals waiting on them move up; to split the book, use accountdesk members leave with several --to.',
  callbacks: (p: P) => `Hand-over call-backs: ${p.done} of ${p.total} done`,
  callbackLine: (p: P) => `${p.owner}: ${p.done} of ${p.total}`,
};
