import { asc, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppDeps, createAppDeps } from '../../src/app/context.ts';
import { fullVisitCommand, visitCommand } from '../../src/app/visits/log-visit.ts';
import type { Db } from '../../src/db/client.ts';
import { auditLog, customers, homeScreens, members, visits } from '../../src/db/schema.ts';
import { normalizeName } from '../../src/domain/customer-match.ts';
import { createLogger } from '../../src/logger.ts';
import type { Message } from '../../src/messages/model.ts';
import { countStatements, queuedMessages, settingsCached } from '../support/statement-count.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/**
 * `/visit` in one round trip (src/app/visits/visit-statement.ts) against the full path it stands in
 * for: the same commands on two databases with the same team, one answered by `visitCommand` (one
 * statement when it can), one by `fullVisitCommand` (the step-by-step path) — the same answer and
 * the same rows, whatever is typed. And the hot path really is one statement.
 */

const NOW = new Date('2026-11-20T02:00:00Z'); // Friday 10:00 in Shanghai

const CUSTOMERS: [string, 'rep' | 'other' | 'stranger', 'A' | 'B' | 'C' | 'D'][] = [
  ['Acme', 'rep', 'A'],
  ['Acme Corporation', 'rep', 'B'],
  ['Acme Labs', 'rep', 'C'],
  ['Acme Asia', 'other', 'D'],
  ['华为', 'rep', 'A'],
  ['华为技术', 'rep', 'B'],
  ['腾讯 科技', 'rep', 'C'],
  ['Globex Shanghai', 'other', 'A'],
  ['Initech', 'other', 'B'],
  ['Hooli', 'stranger', 'A'],
  ['The Extremely Long Named International Trading Company Limited', 'rep', 'B'],
  ['Ｆｕｌｌ Width Co', 'rep', 'D'],
];

type Team = { deps: AppDeps; actors: Record<string, Actor>; statements: { count: number }; db: Db };

async function seedTeam(database: TestDatabase): Promise<Team> {
  const db = database.database.db;
  const add = async (
    userId: string,
    role: string,
    managerId: number | null,
    timezone: string | null = null,
  ) => {
    const [row] = await db
      .insert(members)
      .values({ platform: 'slack', userId, name: userId, role, managerId, timezone })
      .returning();
    return row!;
  };
  const director = await add('UDIR', 'director', null);
  const supervisor = await add('USUP', 'supervisor', director.id);
  const rep = await add('UREP', 'rep', supervisor.id);
  const other = await add('UOTHER', 'rep', supervisor.id, 'America/Los_Angeles');
  const outsideBoss = await add('UOUTBOSS', 'supervisor', null);
  const stranger = await add('USTRANGER', 'rep', outsideBoss.id);
  const admin = await add('UADMIN', 'admin', null);
  const owners = { rep: rep.id, other: other.id, stranger: stranger.id };
  for (const [name, owner, tier] of CUSTOMERS) {
    await db.insert(customers).values({
      name,
      nameKey: normalizeName(name),
      tier,
      status: 'active',
      ownerId: owners[owner],
      assignedOn: '2026-01-01',
      callbackDueOn: ['Initech', 'Acme Labs', '华为技术'].includes(name) ? '2026-11-19' : null,
    });
  }
  // Homes shown: the rep's and the supervisor's are redrawn after a visit.
  await db.insert(homeScreens).values([
    { memberId: rep.id, openedAt: NOW },
    { memberId: supervisor.id, openedAt: NOW },
  ]);
  const deps = createAppDeps(
    { DEFAULT_TIMEZONE: 'Asia/Shanghai', DEFAULT_LOCALE: 'en', DIGEST_TIME: '08:30' },
    { db, logger: createLogger('silent'), clock: { now: () => NOW } },
  );
  const actor = (userId: string): Actor => ({ platform: 'slack', userId, workspace: 'T1' });
  return {
    deps,
    db,
    statements: countStatements(db),
    actors: {
      rep: actor(rep.userId),
      other: actor(other.userId),
      supervisor: actor(supervisor.userId),
      director: actor(director.userId),
      admin: actor(admin.userId),
      stranger: actor(stranger.userId),
      nobody: actor('UNOBODY'),
    },
  };
}

/** Everything a visit writes, without what the database clock stamps (updated_at, the redraw's time). */
async function written(db: Db) {
  return {
    visits: await db.select().from(visits).orderBy(asc(visits.id)),
    customers: (await db.select().from(customers).orderBy(asc(customers.id))).map(
      ({ updatedAt: _, createdAt: __, ...row }) => row,
    ),
    audit: await db.select().from(auditLog).orderBy(asc(auditLog.id)),
    outbox: await queuedMessages(db),
  };
}

const NAMES = [
  'acme',
  'Acme',
  'acme corp',
  'ACME CORPORATION',
  'acme labs',
  'acme asia',
  '华为',
  '华为技术',
  '腾讯 科技',
  '腾讯',
  'globex',
  'globex shanghai',
  'initech',
  'hooli',
  '"Acme"',
  '「华为」',
  'the extremely long named international trading company limited',
  'the extremely',
  'full width co',
  'nobody corp',
];
const WORDS = [
  'met',
  'the',
  'buyer',
  'corp',
  '谈了价格',
  '拜访了采购',
  'next:+3d',
  'next:2026-11-22',
  'next:2026-12-25',
  'stage:proposal',
  'stage:agreement',
  'stage:relationship',
  'kind:call',
  'kind:meal',
  'next:bogus',
  'stage:nope',
  'edit',
  'technology',
  '😀',
];

const command = fc.record({
  actor: fc.constantFrom(
    'rep',
    'rep',
    'rep',
    'other',
    'supervisor',
    'director',
    'admin',
    'stranger',
    'nobody',
  ),
  name: fc.constantFrom(...NAMES),
  glue: fc.constantFrom(' ', ' ', '', '\u3000'),
  words: fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 5 }),
});

describe('/visit in one statement, against the full path', () => {
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
    // Each member has been seen by this process (their first command reads them), as in a day's use.
    for (const actor of Object.values(fast.actors)) {
      await visitCommand(fast.deps, actor, { text: 'nobody corp met', sourceKey: `warm-${actor.userId}` });
      await fullVisitCommand(slow.deps, actor, {
        text: 'nobody corp met',
        sourceKey: `warm-${actor.userId}`,
      });
    }
  });
  afterAll(async () => {
    await one?.drop();
    await full?.drop();
  });

  it('answers and writes exactly as the full path, whatever is typed', async () => {
    let oneStatement = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(command, async ({ actor, name, glue, words }) => {
        runs++;
        const text = [name, ...words].join(glue);
        const sourceKey = `slack:command:t${++sequence}`;
        await settingsCached(fast.db);
        const before = fast.statements.count;
        const fastAnswer: Message = await visitCommand(fast.deps, fast.actors[actor]!, { text, sourceKey });
        if (fast.statements.count - before === 1) oneStatement++;
        const fullAnswer = await fullVisitCommand(slow.deps, slow.actors[actor]!, { text, sourceKey });
        expect(fastAnswer, text).toEqual(fullAnswer);
        // A retry of the same command (Slack redelivers) changes nothing, on both.
        expect(await visitCommand(fast.deps, fast.actors[actor]!, { text, sourceKey })).toEqual(
          await fullVisitCommand(slow.deps, slow.actors[actor]!, { text, sourceKey }),
        );
        expect(await written(fast.db), text).toEqual(await written(slow.db));
      }),
      { numRuns: 100, seed: 20261206 },
    );
    // Many commands miss, pick or quote (the full path answers); enough must take the one statement.
    expect(oneStatement).toBeGreaterThan(runs / 10);
  }, 120_000);

  it('a visit to a customer the member sees costs one statement, in each form it is typed', async () => {
    const typed = [
      'acme corporation met the buyer next:+7d',
      'Acme met the buyer',
      '华为技术 谈了价格 stage:agreement',
      '华为技术谈了价格',
      '腾讯 科技 kind:call 谈了价格',
      'ｆｕｌｌ width co next:2026-11-25 visited',
    ];
    for (const [index, text] of typed.entries()) {
      // The first command of a process reads the member; the next ones only write.
      await visitCommand(fast.deps, fast.actors.rep!, { text, sourceKey: `warm-form${index}` });
      await settingsCached(fast.db);
      const before = fast.statements.count;
      const answer = await visitCommand(fast.deps, fast.actors.rep!, { text, sourceKey: `form${index}` });
      expect(answer.text, text).toMatch(/ logged for /);
      expect(fast.statements.count - before, text).toBe(1);
    }
    // A supervisor's visit to their rep's customer: the team is looked up in the same statement.
    await visitCommand(fast.deps, fast.actors.supervisor!, {
      text: 'globex shanghai lunch',
      sourceKey: 'sw',
    });
    await settingsCached(fast.db);
    const before = fast.statements.count;
    const answer = await visitCommand(fast.deps, fast.actors.supervisor!, {
      text: 'globex shanghai lunch',
      sourceKey: 'sup',
    });
    expect(answer.text).toMatch(/ logged for /);
    expect(fast.statements.count - before).toBe(1);
  });

  it('a member changed elsewhere is read again: the copy in memory never decides', async () => {
    await visitCommand(fast.deps, fast.actors.other!, { text: 'initech met', sourceKey: 'before-move' });
    // Another replica (or the CLI) moves the rep to the outside team: Initech stays with its owner,
    // so the rep no longer... still sees it (their own customer); the stranger's Hooli is what changes.
    await fast.db.execute(sql`update members set role = 'admin' where user_id = 'UOTHER'`);
    await settingsCached(fast.db);
    const before = fast.statements.count;
    const answer = await visitCommand(fast.deps, fast.actors.other!, {
      text: 'hooli met',
      sourceKey: 'after',
    });
    // As an admin now, Hooli is theirs to see: the stale copy (a rep) would have said not found.
    expect(answer.text).toMatch(/ logged for /);
    // The refused statement, the member read again, the statement again.
    expect(fast.statements.count - before).toBe(3);
    await fast.db.execute(sql`update members set active = false where user_id = 'UOTHER'`);
    const gone = await visitCommand(fast.deps, fast.actors.other!, { text: 'hooli met', sourceKey: 'gone' });
    expect(gone.text).not.toMatch(/ logged for /);
  });
});
