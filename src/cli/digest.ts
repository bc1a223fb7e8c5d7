import { createAppDeps } from '../app/context.ts';
import { runDigests } from '../app/followups/morning-messages.ts';
import { createLogger } from '../logger.ts';
import { count } from '../messages/i18n/plural.ts';
import { withDatabase } from './database.ts';
import { EXIT_OK } from './io.ts';
import { readArgs, UsageError, type Verb } from './verb.ts';

const EXPECTED = 'expected: digest run [--at ISO-TIME] [--dry-run]';

type DigestOptions = { at?: Date; dryRun: boolean };

export function parseAt(value: string): Date {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new UsageError(`--at needs an ISO time such as 2026-11-23T08:30:00+08:00 (got "${value}")`);
  }
  return parsed;
}

/**
 * `accountdesk digest run [--at ISO-TIME] [--dry-run]`: the morning-message pass as if at that
 * moment; the running service delivers what it queues.
 */
export const digest: Verb<DigestOptions> = {
  parse(args) {
    const [verb, ...flags] = args;
    if (verb !== 'run') throw new UsageError(EXPECTED);
    let at: Date | undefined;
    let dryRun = false;
    // In order, so the first mistake is the one named; a repeated --at counts its last.
    for (const flag of readArgs(flags, { at: { type: 'string' }, 'dry-run': { type: 'boolean' } })) {
      if (flag.kind === 'word') throw new UsageError(`unknown option "${flag.text}"`);
      if (flag.name === 'at') at = parseAt(flag.value ?? '');
      else dryRun = true;
    }
    return { at, dryRun };
  },
  async run(config, io, options) {
    const at = options.at ?? io.now?.() ?? new Date();
    const result = await withDatabase(config, ({ db }) =>
      runDigests(createAppDeps(config, { db, clock: { now: () => at }, logger: createLogger('silent') }), {
        at,
        dryRun: options.dryRun,
      }),
    );
    if (options.dryRun) {
      for (const preview of result.previews) {
        const what = preview.kind === 'rep' ? 'follow-ups' : 'team digest';
        io.stdout.write(
          `── ${what} for ${preview.member} (${preview.userId}), ${preview.localDate}\n${preview.text}\n\n`,
        );
      }
      io.stdout.write(
        `Dry run at ${at.toISOString()}: ${count(result.queued, 'morning message')} would be sent; nothing was sent.\n`,
      );
    } else {
      io.stdout.write(
        `Queued ${count(result.queued, 'morning message')} at ${at.toISOString()}` +
          (result.silent > 0 ? ` (${result.silent} with nothing to say skipped)` : '') +
          `; the running service delivers them.\n`,
      );
    }
    return EXIT_OK;
  },
};
