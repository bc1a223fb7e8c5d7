import { asc, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppDeps, createAppDeps } from '../../src/app/context.ts';
import { discountCommand, fullDiscountCommand } from '../../src/app/discounts/request-discount.ts';
import type { Db } from '../../src/db/client.ts';
import {
  approvalSteps,
  auditLog,
  customers,
  discountRequests,
  homeScreens,
  members,
} from '../../src/db/schema.ts';
import { normalizeName } from '../../src/domain/customer-match.ts';
import { createLogger } from '../../src/logger.ts';
import { countStatements, queuedMessages, settingsCached } from '../support/statement-count.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * `/discount` in two statements (src/app/discounts/discount-round-trip.ts) against the full path it
 * stands in for: the same commands on two databases with the same team and history, one answered by
 * `discountCommand` (the hot path when it can), one by `fullDiscountCommand` (step by step) — the
 * same answers, the same request numbers, the same rows, whatever is typed. And the hot path really
 * is three statements for a rep.
 */

const START = new Date('2026-11-20T02:00:00Z').getTime(); // Friday 10:00 in Shanghai
const DAY = 24 * 60 * 60 * 1000;

type Team = {
  deps: AppDeps;
  actors: Record<string, Actor>;
  statements: { count: number; sent: string[] };
  hooks: { beforeFiling?: () => Promise<void> };
  db: Db;
  /** The service clock: a minute passes between commands, as in real use. */
  tick(): void;
};

async function seedTeam(database: TestDatabase): Promise<Team> {
  const db = database.database.db;
  const add = async (userId: string, role: string, managerId: number | null) => {
    const [row] = await db
      .insert(members)
      .values({ platform: 'slack', userId, name: userId, role, managerId })
      .returning();
    return row!;
  };
  const director = await add('UDIR', 'director', null);
  const supervisor = await add('USUP', 'supervisor', director.id);
  const rep = await add('UREP', 'rep', supervisor.id);
  const other = await add('UOTHER', 'rep', supervisor.id);
  const orphan = await add('UORPHAN', 'rep', null);
  const admin = await add('UADMIN', 'admin', null);
  const owners = { rep: rep.id, other: other.id, orphan: orphan.id };
  const ids: Record<string, number> = {};
  for (const [name, owner] of [
    ['Acme', 'rep'],
    ['Acme Labs', 'rep'],
    ['华为', 'rep'],
    ['Globex', 'other'],
    ['Initech', 'other'],
    ['Orphan Co', 'orphan'],
  ] as const) {
    const [row] = await db
      .insert(customers)
      .values({
        name,
        nameKey: normalizeName(name),
        tier: 'B',
        status: 'active',
        ownerId: owners[owner],
        assignedOn: '2026-01-01',
      })
      .returning();
    ids[name] = row!.id;
  }
  // History: a cut approved on Acme's deal A, one rejected on Huawei's 80,000 deal, one pending on Initech.
  const past = (days: number) => new Date(START - days * DAY);
  const [approved] = await db
    .insert(discountRequests)
    .values({
      customerId: ids.Acme!,
      requesterId: rep.id,
      percent: 8,
      reason: 'competitor',
      justification: 'earlier',
      dealRef: 'A',
      status: 'approved',
      currentStep: 1,
      grantedPercent: 8,
      createdAt: past(4),
      decidedAt: past(3),
      sourceKey: 'seed-1',
    })
    .returning();
  const [rejected] = await db
    .insert(discountRequests)
    .values({
      customerId: ids.华为!,
      requesterId: rep.id,
      percent: 12,
      amount: 80000,
      reason: 'leverage',
      justification: 'earlier',
      status: 'rejected',
      currentStep: 1,
      createdAt: past(3),
      decidedAt: past(2),
      sourceKey: 'seed-2',
    })
    .returning();
  const [pending] = await db
    .insert(discountRequests)
    .values({
      customerId: ids.Initech!,
      requesterId: other.id,
      percent: 10,
      reason: 'competitor',
      justification: 'earlier',
      dealRef: 'X',
      status: 'pending',
      currentStep: 1,
      createdAt: past(1),
      sourceKey: 'seed-3',
    })
    .returning();
  await db.insert(approvalSteps).values([
    {
      requestId: approved!.id,
      stepNo: 1,
      approverId: supervisor.id,
      status: 'approved',
      decidedById: supervisor.id,
      decidedAt: past(3),
    },
    {
      requestId: rejected!.id,
      stepNo: 1,
      approverId: supervisor.id,
      status: 'rejected',
      decidedById: supervisor.id,
      decidedAt: past(2),
      note: 'too deep',
    },
    {
      requestId: pending!.id,
      stepNo: 1,
      approverId: supervisor.id,
      status: 'pending',
      messageKey: `approval:${pending!.id}:1`,
      pendingSince: past(1),
    },
  ]);
  await db.insert(homeScreens).values([
    { memberId: rep.id, openedAt: past(1) },
    { memberId: supervisor.id, openedAt: past(1) },
  ]);
  let now = START;
  const deps = createAppDeps(
    { DEFAULT_TIMEZONE: 'Asia/Shanghai', DEFAULT_LOCALE: 'en', DIGEST_TIME: '08:30' },
    { db, logger: createLogger('silent'), clock: { now: () => new Date(now) } },
  );
  const actor = (userId: string): Actor => ({ platform: 'slack', userId, workspace: 'T1' });
  const hooks: Team['hooks'] = {};
  return {
    deps,
    db,
    hooks,
    statements: countStatements(db, hooks),
    tick: () => {
      now += 60_000;
    },
    actors: {
      rep: actor(rep.userId),
      other: actor(other.userId),
      supervisor: actor(supervisor.userId),
      orphan: actor(orphan.userId),
      admin: actor(admin.userId),
      nobody: actor('UNOBODY'),
    },
  };
}

/** Everything a filing writes, without what the database clock stamps (a redraw's time bucket). */
async function written(db: Db) {
  return {
    requests: await db.select().from(discountRequests).orderBy(asc(discountRequests.id)),
    steps: await db.select().from(approvalSteps).orderBy(asc(approvalSteps.id)),
    versions: await db
      .select({ id: customers.id, version: customers.discountsVersion })
      .from(customers)
      .orderBy(asc(customers.id)),
    audit: await db.select().from(auditLog).orderBy(asc(auditLog.id)),
    outbox: await queuedMessages(db),
  };
}

const command = fc.record({
  actor: fc.constantFrom('rep', 'rep', 'rep', 'other', 'supervisor', 'orphan', 'admin', 'nobody'),
  name: fc.constantFrom('acme', 'Acme Labs', '华为', 'globex', 'initech', 'orphan co', 'nobody corp'),
  percent: fc.constantFrom('3%', '4%', '10%', '10%', '12%', '12%', '20%', '20%', '45%', 'x%', ''),
  amount: fc.constantFrom('', '', 'on 50000', 'on 80000', 'on 8万'),
  deal: fc.constantFrom('', '', 'deal:A', 'deal:b'),
  reason: fc.constantFrom(
    'reason:competitor',
    'reason:competitor',
    'reason:leverage',
    'reason:leverage',
    '',
    'reason:bogus',
  ),
  why: fc.constantFrom('matching a quote', '价格太高', '价格太高', ''),
});

describe('/discount in two statements, against the full path', () => {
  let one: TestDatabase;
  let full: TestDatabase;
  let fast: Team;
  let slow: Team;
  let sequence = 0;

  beforeAll(async () => {
    one = await createTestDatabase();
    full = await createTestDatabase();
    fast = await seedTeam(one);
    slow = await seedTeam(full);
  });
  afterAll(async () => {
    await one?.drop();
    await full?.drop();
  });

  it('answers and writes exactly as the full path, whatever is typed', async () => {
    let filed = 0;
    let fastFiled = 0;
    let fastReplaced = 0;
    await fc.assert(
      fc.asyncProperty(command, async ({ actor, name, percent, amount, deal, reason, why }) => {
        const text = [name, percent, amount, deal, reason, why].filter(Boolean).join(' ');
        const sourceKey = `slack:command:d${++sequence}`;
        fast.tick();
        slow.tick();
        await settingsCached(fast.db);
        const before = fast.statements.count;
        const fastAnswer = await discountCommand(fast.deps, fast.actors[actor]!, { text, sourceKey });
        const hot = fast.statements.count - before <= 4;
        const fullAnswer = await fullDiscountCommand(slow.deps, slow.actors[actor]!, { text, sourceKey });
        expect(fastAnswer, text).toEqual(fullAnswer);
        if (/^(Discount request #|Approved automatically)/.test(fastAnswer.text)) {
          filed++;
          if (hot) fastFiled++;
          if (hot && /It replaces #/.test(fastAnswer.text)) fastReplaced++;
        }
        // Slack redelivers the same command: nothing changes, on both.
        expect(await discountCommand(fast.deps, fast.actors[actor]!, { text, sourceKey })).toEqual(
          await fullDiscountCommand(slow.deps, slow.actors[actor]!, { text, sourceKey }),
        );
        expect(await written(fast.db), text).toEqual(await written(slow.db));
      }),
      { numRuns: 150, seed: 20261207 },
    );
    // Many commands are mistakes, misses or replacements (the full path answers); enough must file
    // on the hot path.
    expect(filed).toBeGreaterThan(12);
    expect(fastFiled).toBeGreaterThan(filed / 3);
    // Replacing a request still pending on the deal is on the hot path too, and held to the full one.
    expect(fastReplaced).toBeGreaterThan(2);
  }, 180_000);

  it('a rep’s routed request costs two statements: the customer with the deal, then the filing', async () => {
    await discountCommand(fast.deps, fast.actors.other!, {
      text: 'globex 1% reason:competitor warm',
      sourceKey: 'w',
    });
    await settingsCached(fast.db);
    const before = fast.statements.count;
    fast.tick();
    const answer = await discountCommand(fast.deps, fast.actors.other!, {
      text: 'globex 12% on 120000 deal:new reason:competitor matching a quote',
      sourceKey: 'three',
    });
    expect(answer.text).toMatch(/^Discount request #\d+ \(12% for Globex\) sent to USUP for approval/);
    expect(fast.statements.count - before, fast.statements.sent.slice(before).join(' | ')).toBe(2);
  });

  /**
   * Files a first (10 %) and a second (12 %) request on one deal of `customer`; `meanwhile` runs just
   * before the second's filing statement, between its read and its write. `statements`: the second's.
   */
  async function replaceOnDeal(
    actor: 'rep' | 'other',
    customer: string,
    deal: string,
    meanwhile?: (firstId: number) => Promise<void>,
  ) {
    fast.tick();
    const first = await discountCommand(fast.deps, fast.actors[actor]!, {
      text: `${customer} 10% deal:${deal} reason:competitor first ask`,
      sourceKey: `${deal}-1`,
    });
    const firstId = Number(first.text.match(/#(\d+)/)![1]);
    fast.tick();
    if (meanwhile) fast.hooks.beforeFiling = () => meanwhile(firstId);
    await settingsCached(fast.db);
    const before = fast.statements.count;
    const second = await discountCommand(fast.deps, fast.actors[actor]!, {
      text: `${customer} 12% deal:${deal} reason:competitor second ask`,
      sourceKey: `${deal}-2`,
    });
    return { firstId, second, statements: fast.statements.count - before };
  }

  it('a request replacing the deal’s pending one costs two statements too, and says so', async () => {
    const { firstId, second, statements } = await replaceOnDeal('other', 'globex', 'again');
    expect(statements).toBe(2);
    expect(second.text).toContain(`It replaces #${firstId}`);
    const [replaced] = await fast.db
      .select({ status: discountRequests.status })
      .from(discountRequests)
      .where(sql`${discountRequests.id} = ${firstId}`);
    expect(replaced!.status).toBe('superseded');
    // Its approval message is redrawn as replaced, and its thread told why.
    const keys = (await queuedMessages(fast.db)).map((row) => row.key);
    expect(keys).toContain(`discount:${firstId}:superseded:update:1`);
    expect(keys).toContain(`discount:${firstId}:superseded:thread`);
  });

  it('a request it would replace that is decided between the read and the write is left decided', async () => {
    // The approver approves it meanwhile (another instance): the filing reads everything again.
    const { firstId, second } = await replaceOnDeal('rep', 'acme labs', 'decided', async (id) => {
      await fast.db.execute(
        sql`update discount_requests set status = 'approved', decided_at = now() where id = ${id}`,
      );
      await fast.db.execute(
        sql`update approval_steps set status = 'approved', decided_at = now() where request_id = ${id}`,
      );
    });
    expect(fast.hooks.beforeFiling).toBeUndefined();
    expect(second.text).toMatch(/^Discount request #\d+/);
    expect(second.text).not.toContain('It replaces');
    const [kept] = await fast.db
      .select({ status: discountRequests.status, by: discountRequests.supersededById })
      .from(discountRequests)
      .where(sql`${discountRequests.id} = ${firstId}`);
    expect(kept).toEqual({ status: 'approved', by: null });
  });

  it('a request it replaces that is escalated between the read and the write has its escalated copy redrawn', async () => {
    // Overdue, its step goes to the supervisor's manager meanwhile: what the filing read is stale.
    const { firstId, second } = await replaceOnDeal('rep', 'acme labs', 'escalated', async (id) => {
      await fast.db.execute(
        sql`update approval_steps set escalated_to_id = (select id from members where user_id = 'UDIR'),
          escalated_at = now() where request_id = ${id}`,
      );
    });
    expect(fast.hooks.beforeFiling).toBeUndefined();
    expect(second.text).toContain(`It replaces #${firstId}`);
    const keys = (await queuedMessages(fast.db)).map((row) => row.key);
    expect(keys).toContain(`discount:${firstId}:superseded:update-escalated:1`);
  });

  it('a customer picked from buttons is filed as the full path files it, and only if the member sees it', async () => {
    const idOf = async (db: Db, name: string) =>
      (await db.select({ id: customers.id }).from(customers).where(sql`${customers.name} = ${name}`))[0]!.id;
    for (const [actor, name, sourceKey] of [
      ['other', 'Initech', 'pick-own'],
      ['supervisor', 'Globex', 'pick-team'],
      ['rep', 'Globex', 'pick-hidden'],
    ] as const) {
      fast.tick();
      slow.tick();
      const text = `10% deal:${sourceKey} reason:competitor matching a quote`;
      const customerId = await idOf(fast.db, name);
      await settingsCached(fast.db);
      const before = fast.statements.count;
      const fastAnswer = await discountCommand(fast.deps, fast.actors[actor]!, {
        text,
        sourceKey,
        customerId,
      });
      const fullAnswer = await fullDiscountCommand(slow.deps, slow.actors[actor]!, {
        text,
        sourceKey,
        customerId: await idOf(slow.db, name),
      });
      // The earlier cases filed on one database only: request numbers differ, nothing else.
      const numbersAside = (answer: object) =>
        JSON.stringify(answer)
          .replace(/#\d+/g, '#N')
          .replace(/"value":"\d+"/g, '"value":"N"');
      expect(numbersAside(fastAnswer), `${actor} picks ${name}`).toEqual(numbersAside(fullAnswer));
      if (sourceKey === 'pick-hidden') expect(fastAnswer.text).toMatch(/^No customer of yours matches/);
      else {
        expect(fastAnswer.text).toMatch(/^Discount request #/);
        const sent = fast.statements.sent.slice(before).join(' | ');
        expect(fast.statements.count - before, `${actor} picks ${name}: ${sent}`).toBe(2);
      }
    }
  });

  it('a filing that leaves the hot path after taking its number is filed under it: no gap', async () => {
    fast.tick();
    const [newest] = await fast.db
      .select({ id: sql<number>`max(${discountRequests.id})::int` })
      .from(discountRequests);
    // Between this filing's read and its write, an admin changes the rep: the full path reads them afresh.
    fast.hooks.beforeFiling = async () => {
      await fast.db
        .update(members)
        .set({ version: sql`${members.version} + 1` })
        .where(sql`${members.userId} = 'UREP'`);
    };
    const answer = await discountCommand(fast.deps, fast.actors.rep!, {
      text: 'acme labs 11% deal:gapless reason:competitor matching a quote',
      sourceKey: 'gapless',
    });
    expect(fast.hooks.beforeFiling).toBeUndefined();
    expect(answer.text).toMatch(new RegExp(`^Discount request #${newest!.id + 1} \\(11% for Acme Labs\\)`));
  });

  it('a filing that raced another on the same deal is read again, and replaces it', async () => {
    fast.tick();
    // Between this filing's read and its write, another instance files on the same deal.
    fast.hooks.beforeFiling = async () => {
      await fullDiscountCommand(fast.deps, fast.actors.rep!, {
        text: 'acme labs 10% deal:race reason:competitor first',
        sourceKey: 'race-a',
      });
    };
    const answer = await discountCommand(fast.deps, fast.actors.rep!, {
      text: 'acme labs 12% deal:race reason:competitor second',
      sourceKey: 'race-b',
    });
    expect(fast.hooks.beforeFiling).toBeUndefined();
    const rows = await fast.db
      .select({
        id: discountRequests.id,
        status: discountRequests.status,
        source: discountRequests.sourceKey,
      })
      .from(discountRequests)
      .where(sql`${discountRequests.dealRef} = 'race'`)
      .orderBy(asc(discountRequests.id));
    // The first is replaced by the second, not left pending beside it.
    expect(rows.map((row) => [row.source, row.status])).toEqual([
      ['race-a', 'superseded'],
      ['race-b', 'pending'],
    ]);
    expect(answer.text).toContain(`It replaces #${rows[0]!.id}`);
  });
});
