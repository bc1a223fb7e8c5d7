import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, replyText, startTestApp, type TestApp } from '../support/harness.ts';

describe('input that tries to break things', () => {
  let app: TestApp;
  let team: Awaited<ReturnType<TestApp['makeTeam']>>;

  beforeAll(async () => {
    app = await startTestApp();
    team = await app.makeTeam();
    await app.makeCustomer({ name: 'Globex', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Acme Labs', ownerId: team.rep.id });
    await app.makeCustomer({ name: 'Acme Corporation', ownerId: team.rep.id });
  });
  afterAll(() => app?.stop());

  it('does not take JavaScript object keys for vocabulary', async () => {
    const reply = await app.command(team.rep.userId, '/visit', 'Globex notes kind:constructor');
    expect(replyText(reply.body)).toContain('Unknown kind “constructor”');
    const reason = await app.command(team.rep.userId, '/discount', 'Globex 10% reason:__proto__ x');
    expect(replyText(reason.body)).toContain('Unknown reason “__proto__”');
  });

  it('cannot mention people or the channel through what it types', async () => {
    const reply = await app.command(
      team.rep.userId,
      '/visit',
      'Globex met ⟦@U0ADMIN⟧ and <!channel> <@U0BOSS>',
    );
    const raw = JSON.stringify(reply.body);
    expect(raw).not.toContain('<@U0ADMIN>');
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U0BOSS>');
    expect(raw).toContain('&lt;!channel&gt;');
  });

  it('asks for the reason in the text when the justification is too long for a button', async () => {
    const reply = await app.command(
      team.rep.userId,
      '/discount',
      `Globex 10% ${'very long story '.repeat(170)}`,
    );
    expect(replyText(reply.body)).toContain('Say why the customer asks: add reason:');
    expect(buttonsOf(reply.body.blocks)).toEqual([]);
  });

  it('asks for the full name when a pick could not carry the rest of the command', async () => {
    const reply = await app.command(team.rep.userId, '/visit', `acme ${'notes '.repeat(400)}`);
    const text = replyText(reply.body);
    expect(text).toContain('Several customers match “acme”');
    expect(text).toContain('Type the full name in quotes');
    for (const button of buttonsOf(reply.body.blocks)) expect(button.value.length).toBeLessThanOrEqual(2000);
  });
});
