/** The member's home screen (README, "Home"): Slack's Home tab, Lark's `/home` card. */
type P = Record<string, string | number>;

export const homeEn = {
  title: (p: P) => `AccountDesk — ${p.name}`,
  updated: (p: P) => `As of ${p.at} · your language:`,
  myDay: 'My day',
  myRequests: 'My discount requests',
  noRequests: 'No request of yours is waiting.',
  myWeek: (p: P) => `Visits this week: ${p.thisWeek} (last week by this day: ${p.lastWeek}).`,
  approvals: 'Waiting for your approval',
  noApprovals: 'Nothing waits for your approval.',
  team: 'Your team this week',
  admin: 'Administration',
  counts: (p: P) => `${p.members} members · ${p.customers} customers · ${p.contacts} key contacts`,
  lastImport: (p: P) => `Last import: ${p.what} on ${p.at} (${p.rows} rows).`,
  noImport: 'Nothing imported yet: `npx accountdesk import members FILE.csv` starts it.',
  imports: { members: 'members', customers: 'customers', contacts: 'key contacts' } as Record<string, string>,
  delivery: (p: P) => `Delivery: ${p.pending} waiting, ${p.failed} given up.`,
  deliveryOldest: (p: P) => `The oldest waiting message is ${p.age} old.`,
  more: (p: P) => `…and more: ${p.command} shows everything.`,
  empty:
    'Nothing here yet. Try `/visit <customer> <notes>` to log a visit, `/customer <name>` for a customer card, or `/accountdesk help` for every command.',
  languageAuto: 'Profile’s',
};
