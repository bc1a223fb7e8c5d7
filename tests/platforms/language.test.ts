/**
 * `/accountdesk language`: a member chooses the language AccountDesk speaks to them; the choice
 * wins over the admin's CSV and the chat profile, and `auto` gives the profile back.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMembers } from '../../src/app/imports/import-members.ts';
import { members } from '../../src/db/schema.ts';
import { replyText, startTestApp, type TestApp, TestClock } from '../support/harness.ts';
import { cardText } from '../support/lark-cards.ts';

describe('choosing a language', () => {
  const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp({ clock, lark: true });
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Globex', tier: 'B', ownerId: team.rep.id });
    await app.makeMember({ platform: 'lark', userId: 'ou_li', name: '李娜', locale: 'zh-CN' });
  });
  afterAll(() => app?.stop());

  const say = async (text: string) =>
    replyText((await app.command(team.rep.userId, '/accountdesk', text)).body);

  it('switches a Slack member to Chinese: the answer and everything after it', async () => {
    expect(await say('language')).toContain('AccountDesk speaks English to you.');
    expect(await say('language zh-CN')).toBe('从现在起，AccountDesk 用简体中文和你交流。');
    const visit = replyText(
      (await app.command(team.rep.userId, '/visit', 'Globex 演示 next:2026-11-30')).body,
    );
    expect(visit).toContain('已记录对 Globex 的拜访（2026-11-23）');
    expect(await say('语言')).toContain('AccountDesk 目前用简体中文和你交流。');
    // The Chinese answer names Chinese words, and those words work.
    expect(await say('语言')).toContain('/accountdesk 语言 英文');
    expect(await say('语言 英文')).toBe('From now on AccountDesk speaks English to you.');
    expect(await say('language 中文')).toBe('从现在起，AccountDesk 用简体中文和你交流。');
  });

  it('keeps the member’s choice when the admin re-imports the members file with a locale', async () => {
    const csv = `platform,user_id,name,role,locale\nslack,${team.rep.userId},Riley Rep,rep,en`;
    await importMembers(app.db, csv, { now: clock.now() });
    expect(await say('language')).toContain('简体中文');
  });

  it('refuses a language it does not speak, and auto gives the profile back', async () => {
    expect(await say('language fr')).toBe('AccountDesk 不支持“fr”：请用 中文 或 英文（或 自动）。');
    expect(await say('language auto')).toBe(
      'Your own choice is cleared: AccountDesk follows your profile and speaks English to you.',
    );
    const [row] = await app.db.select().from(members).where(eq(members.id, team.rep.id));
    expect(row?.chosenLocale).toBeNull();
  });

  it('switches a Lark member to English by text', async () => {
    await app.larkSay('ou_li', '/accountdesk language en');
    await app.settle();
    const replies = app.lark!.messages('ou_li').map(cardText);
    expect(replies.at(-1)).toContain('From now on AccountDesk speaks English to you.');
    await app.larkSay('ou_li', '帮助');
    await app.settle();
    expect(app.lark!.messages('ou_li').map(cardText).at(-1)).toContain('AccountDesk commands:');
  });
});
