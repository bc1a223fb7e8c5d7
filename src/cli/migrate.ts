import { describeDatabase, EXIT_OK, parseVerbArgs, UsageError, type Verb, withDatabase } from './io.ts';

/** `accountdesk migrate`: create or upgrade the tables (the service does the same at start-up). */
export const migrate: Verb<Record<string, never>> = {
  parse(args) {
    const { positionals } = parseVerbArgs(args, {}, 'migrate takes no arguments');
    if (positionals.length > 0) throw new UsageError('migrate takes no arguments');
    return {};
  },
  async run(config, io) {
    await withDatabase(config, async () => undefined);
    io.stdout.write(`Migrated ${describeDatabase(config)}.\n`);
    return EXIT_OK;
  },
};
