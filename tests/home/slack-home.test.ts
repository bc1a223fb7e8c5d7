/**
 * The Home tab (README, "Home"): drawn when a member opens it, for what their role needs, in their
 * language; redrawn shortly after what it shows changes, and only for the members it concerns.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME_REDRAW_DELAY_MS } from '../../src/app/home/home-refresh.ts';
import { homeScreens, members, outbox } from '../../src/db/schema.ts';
import { buttonsOf, replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { DEFAULT_TEAM_ID, interactionBody } from '../support/slack-requests.ts';

describe('the Slack Home tab', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;
  let admin: Awaited<ReturnType<TestApp['makeMember']>>;
  let mei: Awaited<ReturnType<TestApp['makeMember']>>;
  // Monday 2026-11-23, 10:00 in Shanghai.
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
    team = await app.makeTeam();
    admin = await app.makeMember({ role: 'admin', name: 'Alex Admin' });
    mei = await app.makeMember({
      role: 'rep',
      name: '张梅',
      managerId: team.supervisor.id,
      locale: 'zh-CN',
    });
    await app.makeCustomer({ name: 'Acme', tier: 'A', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: team.rep.id });
    await app.makeCustomer({ name: '华为技术', tier: 'A', ownerId: mei.id });
    await app.command(team.rep.userId, '/discount', 'Acme 12% reason:competitor their quote is lower');
    await app.settle();
  });
  afterAll(() => app?.stop());

  let events = 0;
  const openHome = async (userId: string) => {
    const response = await app.post(
      JSON.stringify({
        token: 'legacy',
        team_id: DEFAULT_TEAM_ID,
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: `EvHome${++events}`,
        event_time: 1_700_000_000,
        event: { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home', event_ts: '1.1' },
      }),
      { 'Content-Type': 'application/json' },
    );
    expect(response.status).toBe(200);
    await app.settle();
  };
  const home = (userId: string) =>
    app.slack.homeView(userId) as { blocks: unknown[]; hash?: string } | undefined;
  const homeText = (userId: string) => replyText({ blocks: home(userId)?.blocks ?? [] });
  /** A click in the Home tab, as Slack sends it: a view container, no channel, no response_url. */
  const clickInHome = async (userId: string, actionId: string, value: string) => {
    const view = home(userId) as { id?: string; blocks?: unknown[] } | undefined;
    const response = await app.post(
      interactionBody({
        type: 'block_actions',
        user: { id: userId, username: userId, name: userId, team_id: DEFAULT_TEAM_ID },
        api_app_id: 'A1',
        token: 'verification-token',
        container: { type: 'view', view_id: view?.id ?? 'V1' },
        trigger_id: `trigger-home-${++events}`,
        team: { id: DEFAULT_TEAM_ID, domain: 'test' },
        view: { id: view?.id ?? 'V1', type: 'home', team_id: DEFAULT_TEAM_ID, blocks: view?.blocks ?? [] },
        actions: [{ action_id: actionId, block_id: 'b', type: 'button', value, action_ts: '1.2' }],
      }),
    );
    expect(response.status).toBe(200);
    await app.settle();
  };

  it('shows a rep their day with the morning buttons, their waiting request with Withdraw, and their week', async () => {
    await openHome(team.rep.userId);
    const text = homeText(team.rep.userId);
    expect(text).toContain('AccountDesk — Riley Rep');
    expect(text).toContain('My day');
    expect(text).toContain('Acme');
    expect(text).toContain('My discount requests');
    expect(text).toContain('Visits this week: 0 (last week by this day: 0).');
    const labels = buttonsOf(home(team.rep.userId)?.blocks).map((b) => b.text);
    expect(labels).toEqual(expect.arrayContaining(['Log visit', 'Snooze', 'Done', 'Withdraw']));
    // A rep sees no approvals, no team board, no administration.
    expect(text).not.toContain('Waiting for your approval');
    expect(text).not.toContain('Administration');
  });

  it('shows a supervisor the approvals waiting on them with the buttons, and the team’s week', async () => {
    await openHome(team.supervisor.userId);
    const text = homeText(team.supervisor.userId);
    expect(text).toContain('Riley Rep');
    expect(text).toContain('Your team this week');
    const labels = buttonsOf(home(team.supervisor.userId)?.blocks).map((b) => b.text);
    expect(labels).toEqual(expect.arrayContaining(['Approve', 'Reject']));
    expect(text).not.toContain('Administration');
  });

  it('shows an admin the installation: members, customers, contacts and delivery', async () => {
    await openHome(admin.userId);
    const text = homeText(admin.userId);
    expect(text).toContain('Administration');
    expect(text).toMatch(/\d+ members · 3 customers · 0 key contacts/);
    expect(text).toContain('Nothing imported yet');
    expect(text).toMatch(/Delivery: \d+ waiting, 0 given up\./);
  });

  it('speaks Chinese to a Chinese-speaking rep, without English words', async () => {
    await openHome(mei.userId);
    const text = homeText(mei.userId);
    expect(text).toContain('AccountDesk——张梅');
    expect(text).toContain('我的今天');
    expect(text).toContain('华为技术');
    const english = (text.match(/[A-Za-z]{2,}/g) ?? []).filter(
      (word) => !['AccountDesk', 'English'].includes(word),
    );
    expect(english).toEqual([]);
  });

  it('greets someone AccountDesk does not know with how to join', async () => {
    await openHome('U0STRANGER');
    expect(homeText('U0STRANGER')).toContain('You are not set up in AccountDesk yet.');
  });

  it('switches language from the home’s buttons and redraws it in that language', async () => {
    const zh = buttonsOf(home(team.rep.userId)?.blocks).find((b) => b.text === '简体中文')!;
    await clickInHome(team.rep.userId, zh.actionId, zh.value);
    expect(homeText(team.rep.userId)).toContain('我的今天');
    const [row] = await app.db.select().from(members).where(eq(members.id, team.rep.id));
    expect(row?.chosenLocale).toBe('zh-CN');
    const back = buttonsOf(home(team.rep.userId)?.blocks).find((b) => b.text === 'English')!;
    await clickInHome(team.rep.userId, back.actionId, back.value);
    expect(homeText(team.rep.userId)).toContain('My day');
  });

  it('Snooze in the home redraws it without the snoozed customer due', async () => {
    const before = home(team.rep.userId)!;
    const snooze = buttonsOf(before.blocks).find((b) => b.text === 'Snooze')!;
    await clickInHome(team.rep.userId, snooze.actionId, snooze.value);
    const after = home(team.rep.userId)!;
    expect(after.hash).not.toBe(before.hash);
    expect(buttonsOf(after.blocks).filter((b) => b.text === 'Snooze')).toHaveLength(
      buttonsOf(before.blocks).filter((b) => b.text === 'Snooze').length - 1,
    );
  });

  it('is redrawn after a visit for the rep and their supervisor, not for an unrelated member', async () => {
    const adminBefore = home(admin.userId)!.hash;
    const supervisorBefore = homeText(team.supervisor.userId);
    await app.command(team.rep.userId, '/visit', 'Globex met the buyer');
    await new Promise((resolve) => setTimeout(resolve, HOME_REDRAW_DELAY_MS + 200));
    await app.settle();
    expect(homeText(team.rep.userId)).toContain('Visits this week: 1 (last week by this day: 0).');
    expect(homeText(team.supervisor.userId)).not.toBe(supervisorBefore);
    expect(homeText(team.supervisor.userId)).toContain('Globex');
    expect(home(admin.userId)!.hash).toBe(adminBefore);
  });

  it('is redrawn for the rep after their supervisor decides, from the home itself', async () => {
    const approve = buttonsOf(home(team.supervisor.userId)?.blocks).find((b) => b.text === 'Approve')!;
    await clickInHome(team.supervisor.userId, approve.actionId, approve.value);
    expect(homeText(team.supervisor.userId)).toContain('Nothing waits for your approval.');
    await new Promise((resolve) => setTimeout(resolve, HOME_REDRAW_DELAY_MS + 200));
    await app.settle();
    expect(homeText(team.rep.userId)).toContain('No request of yours is waiting.');
  });

  it('keeps a long day within Slack’s 100 blocks and says where the rest is', async () => {
    const busy = await app.makeMember({ role: 'rep', name: 'Busy Rep', managerId: team.supervisor.id });
    for (let i = 0; i < 60; i++) await app.makeCustomer({ name: `Client ${i}`, tier: 'B', ownerId: busy.id });
    await openHome(busy.userId);
    const view = home(busy.userId)!;
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(homeText(busy.userId)).toContain('/followups');
  });
});

describe('a Home opened as the service stops', () => {
  it('is still recorded and queued: the stop waits for the event it already answered', async () => {
    const app = await startTestApp();
    try {
      const rep = await app.makeMember({ role: 'rep', name: 'Late Opener' });
      // What is asserted is the listener's own work; the queued redraw stays queued for the next start.
      await app.service.outbox.stop();
      const response = await app.post(
        JSON.stringify({
          token: 'legacy',
          team_id: DEFAULT_TEAM_ID,
          api_app_id: 'A1',
          type: 'event_callback',
          event_id: 'EvHomeAtStop',
          event_time: 1_700_000_000,
          event: {
            type: 'app_home_opened',
            user: rep.userId,
            channel: `D${rep.userId}`,
            tab: 'home',
            event_ts: '1.1',
          },
        }),
        { 'Content-Type': 'application/json' },
      );
      // Answered before its listener ran (Events API): only the stop can wait for the work.
      expect(response.status).toBe(200);
      await app.service.stop();
      const opened = await app.db.select().from(homeScreens).where(eq(homeScreens.memberId, rep.id));
      expect(opened).toHaveLength(1);
      const queued = await app.db.select({ target: outbox.target }).from(outbox);
      expect(queued.map((row) => row.target)).toContainEqual({ type: 'home', userId: rep.userId });
    } finally {
      await app.stop();
    }
  });
});
