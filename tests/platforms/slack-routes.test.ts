import {
  type AllMiddlewareArgs,
  App,
  LogLevel,
  type Receiver,
  type SlackCommandMiddlewareArgs,
} from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/context.ts';
import { noInstruments } from '../../src/app/instruments.ts';
import { createListenerWork, instrumentSlack } from '../../src/platforms/slack/instrumentation.ts';
import { routes } from '../../src/platforms/slack/listeners/routes.ts';

/** The one Bolt listener per kind of request finds its handlers as Bolt's own matchers did. */
describe('Slack listener routes', () => {
  const recording = () => {
    const ran: string[] = [];
    const table = routes<{ id: number }>();
    const handler = (name: string) => async () => {
      ran.push(name);
    };
    return { ran, table, handler };
  };

  it('runs the handler of the exact name only', async () => {
    const { ran, table, handler } = recording();
    table.add('/visit', handler('visit'));
    table.add('/visits', handler('visits'));
    await table.handle('/visit', { id: 1 });
    expect(ran).toEqual(['visit']);
  });

  it('matches a button repeated in its block (#n) by its pattern', async () => {
    const { ran, table, handler } = recording();
    table.add(/^approval\.approve(#\d+)?$/, handler('approve'));
    table.add(/^approval\.reject(#\d+)?$/, handler('reject'));
    await table.handle('approval.approve#2', { id: 1 });
    await table.handle('approval.approved', { id: 2 });
    expect(ran).toEqual(['approve']);
  });

  it('runs every matching handler, and fails with the error of the one that failed', async () => {
    const { ran, table, handler } = recording();
    table.add('language.choose', async () => {
      throw new Error('broken');
    });
    table.add(/^language\./, handler('pattern'));
    await expect(table.handle('language.choose', { id: 1 })).rejects.toThrow('broken');
    expect(ran).toEqual(['pattern']);
  });

  it('leaves a name nothing handles (or none at all) alone', async () => {
    const { ran, table, handler } = recording();
    table.add('/visit', handler('visit'));
    await table.handle('/unknown', { id: 1 });
    await table.handle(undefined, { id: 2 });
    expect(ran).toEqual([]);
  });
});

/**
 * The instrumentation acknowledges a request no listener took (instrumentation.ts), and only that
 * one: a command its handler answered is acknowledged once, through Bolt as a real request is.
 */
describe('Slack acknowledgements', () => {
  const receiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };

  async function acksFor(command: string): Promise<unknown[][]> {
    const app = new App({
      receiver,
      authorize: async () => ({ botToken: 'xoxb-test' }),
      convoStore: false,
      logLevel: LogLevel.ERROR,
    });
    instrumentSlack(app, { instruments: noInstruments } as AppDeps, createListenerWork());
    const commands = routes<SlackCommandMiddlewareArgs & AllMiddlewareArgs>();
    commands.add('/visit', async ({ ack }) => ack({ text: 'Visit logged.' }));
    app.command(/^\//, (args) => commands.handle(args.command.command, args));
    const acks: unknown[][] = [];
    await app.processEvent({
      body: {
        command,
        text: 'Acme met',
        team_id: 'T1',
        user_id: 'U1',
        channel_id: 'C1',
        trigger_id: `t.${command}`,
      },
      ack: async (...response: unknown[]) => {
        acks.push(response);
      },
    });
    return acks;
  }

  it('lets the answer of a command its handler took stand, acknowledged once', async () => {
    expect(await acksFor('/visit')).toEqual([[{ text: 'Visit logged.' }]]);
  });

  it('acknowledges a command no handler takes, at once', async () => {
    expect(await acksFor('/unknown')).toEqual([[]]);
  });
});
