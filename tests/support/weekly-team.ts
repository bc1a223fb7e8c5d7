/**
 * A team with a known week for the weekly report tests (README, "Weekly report"). Zone Asia/Shanghai
 * (the harness default). The week reported on Monday 2026-11-30 is 2026-11-23 to 2026-11-29; the
 * week before it 2026-11-16 to 2026-11-22.
 */
import { discountRequests, visits } from '../../src/db/schema.ts';
import type { TestApp } from './harness.ts';

type Row = { id: number };

export async function seedWeeklyTeam(app: TestApp) {
  const { director, supervisor, rep, other } = await app.makeTeam();
  // A second team under the director: only the director's report counts it.
  const sue = await app.makeMember({ role: 'supervisor', name: 'Sue Second', managerId: director.id });
  const rick = await app.makeMember({ name: 'Rick Second', managerId: sue.id });
  const [acme, beta, gamma, delta] = await Promise.all(
    ['Acme', 'Beta', 'Gamma', 'Delta'].map((name) => app.makeCustomer({ name, ownerId: rep.id })),
  );
  const zeta = await app.makeCustomer({ name: 'Zeta', ownerId: rick.id });
  const visit = (who: Row, customer: Row, on: string, kind = 'visit') => ({
    memberId: who.id,
    customerId: customer.id,
    kind,
    summary: 'met',
    visitedOn: on,
    nextFollowUpOn: '2026-12-31',
  });
  await app.db.insert(visits).values([
    // The week: Riley 7 (Acme 3, Beta 2, Gamma 1, Delta 1), Rick 2; Olive none.
    visit(rep, acme!, '2026-11-23'),
    visit(rep, acme!, '2026-11-24', 'call'),
    visit(rep, acme!, '2026-11-25'),
    visit(rep, beta!, '2026-11-24'),
    visit(rep, beta!, '2026-11-26', 'meeting'),
    visit(rep, gamma!, '2026-11-27'),
    visit(rep, delta!, '2026-11-27', 'call'),
    visit(rick, zeta, '2026-11-24'),
    visit(rick, zeta, '2026-11-25'),
    // The week before: Riley 4.
    visit(rep, acme!, '2026-11-16'),
    visit(rep, beta!, '2026-11-17'),
    visit(rep, gamma!, '2026-11-19'),
    visit(rep, delta!, '2026-11-20'),
    // Outside both weeks: never counted.
    visit(rep, acme!, '2026-11-15'),
    visit(rep, acme!, '2026-11-30'),
    visit(other, acme!, '2026-11-30'),
  ]);
  const request = (
    customer: Row,
    at: string,
    percent: number,
    reason: string,
    status: string,
    more = {},
  ) => ({
    customerId: customer.id,
    requesterId: rep.id,
    percent,
    reason,
    justification: 'asked',
    status,
    createdAt: new Date(at),
    ...more,
  });
  await app.db.insert(discountRequests).values([
    // 01:00 on Monday 23 in Shanghai: inside the week although still the 22nd in UTC.
    request(acme!, '2026-11-22T17:00:00Z', 10, 'competitor', 'approved', { grantedPercent: 10 }),
    // A counter-offer accepted: 20% asked, 15% granted.
    request(beta!, '2026-11-24T03:00:00Z', 15, 'competitor', 'approved', {
      grantedPercent: 15,
      askedPercent: 20,
    }),
    request(gamma!, '2026-11-25T03:00:00Z', 5, 'budget', 'auto_approved', {
      grantedPercent: 5,
      autoBasis: 'policy',
    }),
    request(delta!, '2026-11-26T03:00:00Z', 30, 'budget', 'rejected'),
    // Not requests: withdrawn, and a re-approval of a cut already counted.
    request(acme!, '2026-11-26T04:00:00Z', 8, 'volume', 'withdrawn'),
    request(acme!, '2026-11-26T05:00:00Z', 10, 'volume', 'auto_approved', {
      grantedPercent: 10,
      autoBasis: 'reapproval',
    }),
    // The week before: one; 16:30 UTC on Sunday 29 is already Monday 30 in Shanghai: neither week.
    request(beta!, '2026-11-18T03:00:00Z', 12, 'value', 'approved', { grantedPercent: 12 }),
    request(beta!, '2026-11-29T16:30:00Z', 9, 'value', 'approved', { grantedPercent: 9 }),
  ]);
  return { director, supervisor, rep, other, sue, rick };
}
