/**
 * Whose customers a member sees (members.ts `visibleOwnerIds`): a rep their own, an admin everyone's,
 * a supervisor or director their team's (themselves and everyone under them). The one-round-trip
 * statements (visit-statement.ts, discount-statement.ts) keep one text per reach rather than one text
 * that branches on the role: Postgres runs a prepared statement's generic plan only while it is
 * estimated to cost no more than planning for each call's values, and every plan node it holds is set
 * up again on every call — the branches dead for a rep (the team's recursion, the admin's scan of every
 * customer) cost on each call and kept that estimate high (docs/architecture.md, "One round trip").
 */
export type Reach = 'own' | 'team' | 'all';

export const reachOf = (role: string): Reach => (role === 'rep' ? 'own' : role === 'admin' ? 'all' : 'team');
