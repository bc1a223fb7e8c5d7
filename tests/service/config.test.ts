import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadConfig,
  sandboxDataConfig,
  sandboxEnabled,
  slackConfigured,
  startupRefusal,
} from '../../src/config.ts';

describe('configuration from the environment', () => {
  it('starts on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATA_DIR: './.data',
      DEFAULT_LOCALE: 'en',
      DIGEST_TIME: '08:30',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(slackConfigured(config)).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SLACK_BOT_TOKEN: ' ' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DEFAULT_TIMEZONE: 'Mars/Olympus' }, 'DEFAULT_TIMEZONE'],
    [{ DEFAULT_LOCALE: 'fr' }, 'DEFAULT_LOCALE'],
    [{ DIGEST_TIME: '8:30' }, 'DIGEST_TIME'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_SIGNING_SECRET: 'abc' }, 'SLACK_BOT_TOKEN'],
  ])('stops with a message naming the variable: %o', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('accepts Socket Mode with a bot and an app token', () => {
    expect(slackConfigured(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toBe(true);
  });

  it('reports every bad variable in one run, cross-field rules included', () => {
    const env = { PORT: 'eighty', DIGEST_TIME: '8:30', SLACK_BOT_TOKEN: 'xoxb-1', LARK_APP_ID: 'cli_1' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    const message = (() => {
      try {
        loadConfig(env);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const variable of ['PORT', 'DIGEST_TIME', 'SLACK_SIGNING_SECRET', 'LARK_APP_SECRET'])
      expect(message).toContain(`  ${variable}:`);
  });

  it('names swapped Slack tokens', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xapp-1-A1-2-abc', SLACK_APP_TOKEN: 'xoxb-1-2-abc' })).toThrow(
      /SLACK_BOT_TOKEN: this is an app-level token[\s\S]*SLACK_APP_TOKEN: this is a bot token/,
    );
  });

  it('runs the sandbox by itself only with neither chat credentials nor DATABASE_URL', () => {
    expect(sandboxEnabled(loadConfig({}))).toBe(true);
    // A deploy whose chat secrets failed to mount must not expose the team's database as a sandbox.
    expect(sandboxEnabled(loadConfig({ DATABASE_URL: 'postgres://db/team' }))).toBe(false);
    expect(sandboxEnabled(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))).toBe(false);
    expect(sandboxEnabled(loadConfig({ SANDBOX: '0' }))).toBe(false);
  });

  it('keeps an explicit SANDBOX=1 on its own embedded database, never on DATABASE_URL', () => {
    const config = loadConfig({ SANDBOX: '1', DATABASE_URL: 'postgres://db/team', DATA_DIR: '/srv/data' });
    expect(sandboxEnabled(config)).toBe(true);
    expect(sandboxDataConfig(config)).toMatchObject({
      DATABASE_URL: undefined,
      DATA_DIR: '/srv/data/sandbox',
    });
    expect(sandboxDataConfig(loadConfig({ DATA_DIR: '/srv/data' })).DATA_DIR).toBe('/srv/data');
  });

  it('refuses production without chat credentials, naming what to set', () => {
    const refusal = startupRefusal(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/team' }),
    );
    expect(refusal).toContain('SLACK_BOT_TOKEN');
    expect(refusal).toContain('LARK_APP_ID');
    expect(
      startupRefusal(
        loadConfig({ NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }),
      ),
    ).toBeUndefined();
    expect(startupRefusal(loadConfig({}))).toBeUndefined();
  });
});
