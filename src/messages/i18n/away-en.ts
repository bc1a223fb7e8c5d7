/** Away and delegates: approvals of a member on leave go to their delegate (README, "Away"). */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

/** The failures of `away` and of naming a delegate, merged into the catalog's errors. */
export const awayErrorsEn = {
  away_usage: () =>
    'Say until when you are away: `/accountdesk away YYYY-MM-DD [@delegate]`, e.g. `/accountdesk away 2026-12-15 @Dana`. Without a delegate your manager decides.',
  away_date_invalid: (p: { value: Text }) => `“${p.value}” is not a date: use YYYY-MM-DD, e.g. 2026-12-15.`,
  away_until_before_from: (p: { until: Text; from: Text }) =>
    `The away period would end (${p.until}) before it begins (${p.from}).`,
  away_until_past: (p: { until: Text; today: Text }) =>
    `${p.until} is already past (today is ${p.today}): an away period ends today or later.`,
  delegate_unknown: () => 'The person you named is not set up in AccountDesk: name a member of your team.',
  delegate_self: (p: { member: Text }) =>
    `A delegate must be someone other than ${p.member}: name someone else, or name nobody and their manager decides.`,
  delegate_loop: (p: { day: Text; chain: Text }) =>
    `That makes a loop on ${p.day}: ${p.chain}. Approvals would go round without reaching anyone: name another delegate.`,
  delegate_none: (p: { day: Text; member: Text; last: Text }) =>
    `On ${p.day} nobody would decide in ${p.member}’s place: ${p.last} is away and has no delegate or manager to pass approvals on to. Name a delegate who is in.`,
};

export const awayEn = {
  summary: (p: { member: Text; from: Text; until: Text; delegate: Text; via: Text }) =>
    `${p.member} is away from ${p.from} until ${p.until}; approvals go to ${p.delegate}${p.via}.`,
  youAway: (p: { from: Text; until: Text; delegate: Text; via: Text }) =>
    `You are away from ${p.from} until ${p.until}; your approvals go to ${p.delegate}${p.via}.`,
  via: (p: { names: Text }) => ` (passed on by ${p.names}, away too)`,
  moved: (p: { count: Text }) =>
    p.count === 1 ? '1 waiting approval was handed over.' : `${p.count} waiting approvals were handed over.`,
  back: (p: { member: Text }) => `${p.member} is back; new approvals go to them again.`,
  notAway: (p: { member: Text }) => `${p.member} was not away; nothing changed.`,
  youBack:
    'Welcome back: new approvals come to you again. Those already handed over stay with your delegate.',
  youNotAway: 'You were not marked away; nothing changed.',
  delegateTold: (p: { member: Text; from: Text; until: Text }) =>
    `${p.member} is away from ${p.from} until ${p.until}: you decide their discount approvals meanwhile.`,
  onBehalf: (p: { away: Text; until: Text }) =>
    `For ${p.away}, away until ${p.until}: you decide in their place.`,
  onBehalfNoDate: (p: { away: Text }) => `For ${p.away}: you decide in their place.`,
  movedState: (p: { delegate: Text; away: Text; until: Text }) =>
    `Moved to ${p.delegate} while ${p.away} is away until ${p.until}`,
  repMoved: (p: { id: Text; percent: Text; customer: Text; delegate: Text; away: Text; until: Text }) =>
    `Your request #${p.id} (${p.percent}% for ${p.customer}) is now with ${p.delegate}: ${p.away} is away until ${p.until}.`,
  movedLeft: (p: { delegate: Text; away: Text }) => `Moved to ${p.delegate}: ${p.away} has left the team`,
  repMovedLeft: (p: { id: Text; percent: Text; customer: Text; delegate: Text; away: Text }) =>
    `Your request #${p.id} (${p.percent}% for ${p.customer}) is now with ${p.delegate}: ${p.away} has left the team.`,
  sentFor: (p: { away: Text; until: Text; delegate: Text }) =>
    `${p.away} is away until ${p.until}, so ${p.delegate} decides in their place.`,
};
