import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalSteps, discountRequests } from '../../src/db/schema.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

// Request at Monday 10:00 in Shanghai; working hours 09:00–18:00, Monday to Friday.
describe('approvals keep moving', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  let requestId: number;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Acme', tier: 'A', ownerId: team.rep.id });
    await app.command(team.rep.userId, '/discount', 'Acme 10% reason:competitor they have a lower quote');
    await app.settle();
    const [request] = await app.db.select().from(discountRequests);
    requestId = request!.id;
  });
  afterAll(() => app?.stop());

  const approvalPost = () =>
    app.slack
      .callsTo('chat.postMessage')
      .find(
        (c) => !c.failed && buttonsOf(c.args.blocks as unknown[]).some((b) => b.value === `${requestId}:1`),
      )!;
  const thread = () => {
    const post = approvalPost();
    return app.slack
      .messages(post.response.channel as string)
      .filter((m) => m.thread_ts === post.response.ts)
      .map((m) => m.text ?? '');
  };

  it('reminds the approver in the thread after 4 working hours, once', async () => {
    await app.tick('2026-11-23T05:59:00Z'); // 13:59
    expect(thread()).toEqual([]);
    await app.tick('2026-11-23T06:00:00Z'); // 14:00
    await app.tick('2026-11-23T07:00:00Z');
    expect(thread()).toHaveLength(1);
    expect(thread()[0]).toContain(`<@${team.supervisor.userId}>, this request has waited 4 working hours`);
  });

  it('counts only working hours: nights do not escalate', async () => {
    await app.tick('2026-11-24T23:00:00Z'); // Wednesday 07:00, 17 working hours so far
    const [step] = await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, requestId));
    expect(step?.escalatedAt).toBeNull();
    await app.tick('2026-11-25T07:59:00Z'); // Wednesday 15:59
    const [still] = await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, requestId));
    expect(still?.escalatedAt).toBeNull();
  });

  it('escalates to the approver’s manager after 24 working hours and tells the rep', async () => {
    await app.tick('2026-11-25T08:00:00Z'); // Wednesday 16:00: 24 working hours
    const [step] = await app.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, requestId));
    expect(step?.escalatedToId).toBe(team.director.id);
    expect(thread().join('\n')).toContain(
      'Escalated to Dana Director: waiting on Sam Supervisor for 24 working hours',
    );
    const dms = app.slack.messages(`D${team.rep.userId}`).map((m) => m.text ?? '');
    expect(dms.join('\n')).toContain(
      `Your request #${requestId} (Acme) waited too long and was escalated to Dana Director`,
    );
    const escalation = app.slack
      .callsTo('chat.postMessage')
      .filter(
        (c) => !c.failed && buttonsOf(c.args.blocks as unknown[]).some((b) => b.value === `${requestId}:1`),
      );
    expect(escalation).toHaveLength(2);
    expect(replyText({ blocks: escalation[1]!.args.blocks as unknown[] })).toContain('Escalated to you');
    await app.tick('2026-11-26T08:00:00Z');
    expect(
      app.slack
        .callsTo('chat.postMessage')
        .filter((c) => buttonsOf(c.args.blocks as unknown[]).some((b) => b.value === `${requestId}:1`)),
    ).toHaveLength(2);
  });

  it('lets the manager decide in the approver’s place; both messages show the outcome', async () => {
    const posts = app.slack
      .callsTo('chat.postMessage')
      .filter(
        (c) => !c.failed && buttonsOf(c.args.blocks as unknown[]).some((b) => b.value === `${requestId}:1`),
      );
    const escalated = posts[1]!;
    await app.click(team.director.userId, 'approval.approve', `${requestId}:1`, {
      channelId: escalated.response.channel as string,
      messageTs: escalated.response.ts as string,
    });
    await app.settle();
    const [request] = await app.db.select().from(discountRequests).where(eq(discountRequests.id, requestId));
    expect(request?.status).toBe('approved');
    for (const post of posts) {
      const now = app.slack.messages(post.response.channel as string).find((m) => m.ts === post.response.ts)!;
      expect(buttonsOf(now.blocks)).toEqual([]);
      expect(replyText(now as { blocks?: unknown[] })).toContain('approved by Dana Director');
    }
  });
});

describe('escalating a two-step request', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Acme', tier: 'A', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  it('never lets one person decide both steps', async () => {
    await app.command(team.rep.userId, '/discount', 'Acme 20% reason:strategic flagship logo');
    await app.settle();
    const [request] = await app.db.select().from(discountRequests);
    // Sam's manager Dana already holds step 2 and nobody is above her: no escalation to give.
    await app.tick('2026-11-26T08:00:00Z');
    const [step1] = await app.db.select().from(approvalSteps).where(eq(approvalSteps.stepNo, 1));
    expect(step1?.escalatedToId).toBeNull();

    // Even if step 1 had been escalated to her, Dana may not decide it.
    await app.db
      .update(approvalSteps)
      .set({ escalatedToId: team.director.id, escalatedAt: clock.now() })
      .where(eq(approvalSteps.id, step1!.id));
    const click = await app.click(team.director.userId, 'approval.approve', `${request!.id}:1`);
    await app.settle();
    expect(
      JSON.stringify(app.slack.callsTo('response_url').find((c) => c.tag === click.tag)?.args),
    ).toContain('Only Sam Supervisor can decide this step');
    const [still] = await app.db.select().from(approvalSteps).where(eq(approvalSteps.id, step1!.id));
    expect(still?.status).toBe('pending');
  });
});
