import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = readFileSync(new URL('../../manifest/slack.yaml', import.meta.url), 'utf8');
const registered = readFileSync(
  new URL('../../src/platforms/slack/listeners/commands/index.ts', import.meta.url),
  'utf8',
);

describe('Slack app manifest', () => {
  it('declares every slash command the service handles, and no other', () => {
    // Each command's handler is added to the commands' routes (listeners/routes.ts).
    const handled = [...registered.matchAll(/commands\.add\('([^']+)'/g)].map((m) => m[1]).sort();
    expect(handled).toContain('/visit');
    const declared = [...manifest.matchAll(/- command: (\S+)/g)].map((m) => m[1]).sort();
    expect(declared).toEqual(handled);
  });

  it('has Slack escape /accountdesk only: away names its delegate by mention, other commands take text as typed', () => {
    const escapes = [...manifest.matchAll(/- command: (\S+)[\s\S]*?should_escape: (true|false)/g)].map(
      (m) => [m[1], m[2]],
    );
    expect(escapes.length).toBeGreaterThanOrEqual(7);
    for (const [command, escaped] of escapes) {
      expect(escaped, command).toBe(command === '/accountdesk' ? 'true' : 'false');
    }
  });

  it('subscribes to every event the service listens to, and turns the Home tab on for app_home_opened', () => {
    const dir = new URL('../../src/platforms/slack/listeners/events/', import.meta.url);
    const listened = readdirSync(dir)
      .flatMap((file) => [...readFileSync(new URL(file, dir), 'utf8').matchAll(/app\.event\('([^']+)'/g)])
      .map((m) => m[1]);
    const events = /bot_events:\n((?:\s+(?:#.*|- \S+)\n)+)/.exec(manifest)?.[1] ?? '';
    const declared = [...events.matchAll(/- (\S+)/g)].map((m) => m[1]);
    expect(declared.sort()).toEqual(listened.sort());
    expect(manifest).toMatch(/home_tab_enabled: true/);
  });

  it('points commands, interactivity and options at /slack/events', () => {
    const urls = [...manifest.matchAll(/(?:url|request_url|message_menu_options_url): (\S+)/g)].map(
      (m) => m[1],
    );
    expect(urls.length).toBeGreaterThanOrEqual(7);
    for (const url of urls) expect(url).toMatch(/\/slack\/events$/);
  });

  it('asks for the scopes the notifier uses', () => {
    for (const scope of [
      'commands',
      'chat:write',
      'im:write',
      'mpim:write',
      'users:read',
      'im:history',
      'mpim:history',
      // The Slack notifier shares a message's images with files.getUploadURLExternal / completeUploadExternal.
      'files:write',
    ]) {
      expect(manifest).toContain(`- ${scope} `);
    }
  });
});
