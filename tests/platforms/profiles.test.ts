import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { members } from '../../src/db/schema.ts';
import { replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';

describe('language and time zone from the Slack profile', () => {
  let app: TestApp;
  // 03:00 UTC on Saturday: still Friday evening in New York, Saturday morning in Shanghai.
  const clock = new TestClock(new Date('2026-11-21T03:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp({ clock });
  });
  afterAll(() => app?.stop());

  it('speaks the profile’s language and dates visits in the profile’s zone', async () => {
    const rep = await app.makeMember({ name: 'Li Wei' });
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: rep.id });
    const before = await app.command(rep.userId, '/visit', 'Globex before sync');
    expect(replyText(before.body)).toContain('Visit logged for Globex on 2026-11-21'); // team default: Shanghai, English

    app.slack.setUser(rep.userId, { locale: 'zh-CN', tz: 'America/New_York' });
    expect(await app.service.profiles.runOnce()).toBeGreaterThanOrEqual(1);
    const info = app.slack.callsTo('users.info').find((call) => call.args.user === rep.userId)!;
    expect(String(info.args.include_locale)).toBe('true');

    const after = await app.command(rep.userId, '/visit', 'Globex after sync');
    expect(replyText(after.body)).toContain('已记录对 Globex 的拜访（2026-11-20）');
  });

  it('keeps the language the admin set over the profile’s', async () => {
    const rep = await app.makeMember({ name: 'Pat', locale: 'en' });
    await app.makeCustomer({ name: 'Hooli', tier: 'B', ownerId: rep.id });
    app.slack.setUser(rep.userId, { locale: 'zh-CN', tz: 'Asia/Shanghai' });
    await app.service.profiles.runOnce();
    const reply = await app.command(rep.userId, '/visit', 'Hooli check');
    expect(replyText(reply.body)).toContain('Visit logged for Hooli');
  });

  it('survives a member Slack does not know and a Slack outage', async () => {
    const ghost = await app.makeMember({ userId: 'UGHOST' });
    await app.service.profiles.runOnce();
    const [row] = await app.db.select().from(members).where(eq(members.id, ghost.id));
    expect(row?.profileSyncedAt).not.toBeNull();

    const later = await app.makeMember({});
    app.slack.setDown(true);
    await app.service.profiles.runOnce();
    app.slack.setDown(false);
    const [pending] = await app.db.select().from(members).where(eq(members.id, later.id));
    expect(pending?.profileSyncedAt).toBeNull();
  });
});
