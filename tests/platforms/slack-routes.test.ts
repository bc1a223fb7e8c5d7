import { describe, expect, it } from 'vitest';
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
