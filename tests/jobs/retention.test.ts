import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/rows.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

/** The daily retention job, run by the scheduler's tick on a database with a month of history. */
describe('retention of old outbox rows and inbound keys', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  const keys = async () =>
    rowsOf<{ key: string }>(await app.db.execute(sql`select key from outbox order by key`)).map((r) => r.key);
  const age = (where: ReturnType<typeof sql>, days: number) =>
    app.db.execute(
      sql`update outbox set created_at = now() - make_interval(days => ${days}),
        sent_at = case when sent_at is null then null else now() - make_interval(days => ${days}) end where ${where}`,
    );
  const insert = (key: string, status: string, days: number, target: object = { type: 'dm', userId: 'U1' }) =>
    app.db.execute(sql`
      insert into outbox (key, platform, target, message, status, created_at, sent_at)
      values (${key}, 'slack', ${JSON.stringify(target)}::jsonb, '{"text":"x","blocks":[]}'::jsonb, ${status},
        now() - make_interval(days => ${days}),
        case when ${status} = 'sent' then now() - make_interval(days => ${days}) else null end)`);

  beforeAll(async () => {
    app = await startTestApp();
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Globex', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  it('deletes what is past its age and keeps what later updates and threads still need', async () => {
    // Three requests, routed to the supervisor: one still open, one decided long ago, one decided lately.
    for (const text of [
      'Globex 12% reason:leverage open',
      'Globex 11% reason:leverage old',
      'Globex 13% reason:leverage recent',
    ])
      await app.command(team.rep.userId, '/discount', text);
    await app.settle();
    const requests = rowsOf<{ id: number }>(
      await app.db.execute(sql`select id from discount_requests order by id`),
    );
    const [open, old, recent] = requests.map((r) => Number(r.id));
    await app.db.execute(
      sql`update discount_requests set status = 'approved', decided_at = now() - interval '40 days' where id = ${old}`,
    );
    await app.db.execute(
      sql`update discount_requests set status = 'approved', decided_at = now() - interval '10 days' where id = ${recent}`,
    );
    // Every message of the three is 35 days old now.
    await age(sql`true`, 35);

    await insert('old:sent', 'sent', 35);
    await insert('old:failed', 'failed', 31);
    await insert('young:sent', 'sent', 5);
    await insert('old:pending', 'pending', 40);
    await insert('old:parent', 'sent', 60);
    await insert('child:pending', 'pending', 1, { type: 'thread', parentKey: 'old:parent' });
    await app.service.outbox.stop();
    await app.db.execute(sql`insert into inbound_events (key, received_at) values
      ('slack:old', now() - interval '8 days'), ('slack:young', now() - interval '1 day')`);

    await app.service.scheduler.tick();

    const left = await keys();
    expect(left).toContain(`approval:${open}:1`);
    expect(left).toContain(`approval:${recent}:1`);
    expect(left).not.toContain(`approval:${old}:1`);
    expect(left).toEqual(
      expect.arrayContaining(['young:sent', 'old:pending', 'old:parent', 'child:pending']),
    );
    expect(left).not.toContain('old:sent');
    expect(left).not.toContain('old:failed');
    const inbound = rowsOf<{ key: string }>(await app.db.execute(sql`select key from inbound_events`)).map(
      (r) => r.key,
    );
    expect(inbound).toContain('slack:young');
    expect(inbound).not.toContain('slack:old');

    // Once a day: a second tick the same day deletes nothing more, even what has aged meanwhile.
    await insert('old:later', 'sent', 90);
    await app.service.scheduler.tick();
    expect(await keys()).toContain('old:later');
  });
});
