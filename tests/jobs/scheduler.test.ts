import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/context.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';

describe('scheduler', () => {
  it('runs exclusive work one piece at a time, in order, even when one fails', async () => {
    const scheduler = createScheduler({} as AppDeps);
    const log: string[] = [];
    const slow = scheduler.exclusive(async () => {
      log.push('a:start');
      await new Promise((resolve) => setTimeout(resolve, 30));
      log.push('a:end');
      throw new Error('a failed');
    });
    const next = scheduler.exclusive(async () => {
      log.push('b');
      return 'b done';
    });
    await expect(slow).rejects.toThrow('a failed');
    expect(await next).toBe('b done');
    expect(log).toEqual(['a:start', 'a:end', 'b']);
  });
});
