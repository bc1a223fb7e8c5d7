/** The member's home screen (README, "Home"): Slack's Home tab, Lark's `/home` card. */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const homeEn = {
  title: (p: { name: Text }) => `AccountDesk — ${p.name}`,
  updated: (p: { at: Text }) => `As of ${p.at} · your language:`,
  myDay: 'My day',
  myRequests: 'My discount requests',
  noRequests: 'No request of yours is waiting.',
  myWeek: (p: { thisWeek: Text; lastWeek: Text }) =>
    `Visits this week: ${p.thisWeek} (last week by this day: ${p.lastWeek}).`,
  approvals: 'Waiting for your approval',
  noApprovals: 'Nothing waits for your approval.',
  team: 'Your team this week',
  admin: 'Administration',
  counts: (p: { members: Text; customers: Text; contacts: Text }) =>
    `${p.members} members · ${p.customers} customers · ${p.contacts} key contacts`,
  lastImport: (p: { what: Text; at: Text; rows: Text }) =>
    `Last import: ${p.what} on ${p.at} (${p.rows} rows).`,
  noImport: 'Nothing imported yet: `npx accountdesk import members FILE.csv` starts it.',
  imports: { members: 'members', customers: 'customers', contacts: 'key contacts' } as Record<string, string>,
  delivery: (p: { pending: Text; failed: Text }) => `Delivery: ${p.pending} waiting, ${p.failed} given up.`,
  deliveryOldest: (p: { age: Text }) => `The oldest waiting message is ${p.age} old.`,
  more: (p: { command: Text }) => `…and more: ${p.command} shows everything.`,
  empty:
    'Nothing here yet. Try `/visit <customer> <notes>` to log a visit, `/customer <name>` for a customer card, or `/accountdesk help` for every command.',
  languageAuto: 'Profile’s',
};
