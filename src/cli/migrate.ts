import { describeDatabase, withDatabase } from './database.ts';
import { EXIT_OK } from './io.ts';
import { UsageError, type Verb, wordsOf } from './verb.ts';

/** `accountdesk migrate`: create or upgrade the tables (the service does the same at start-up). */
export const migrate: Verb<Record<string, never>> = {
  parse(args) {
    if (wordsOf(args).length > 0) throw new UsageError('migrate takes no arguments');
    return {};
  },
  async run(config, io) {
    await withDatabase(config, async () => undefined);
    io.stdout.write(`Migrated ${describeDatabase(config)}.\n`);
    return EXIT_OK;
  },
};
