import { loadSettings, SettingError, updateSetting } from '../app/members/team-settings.ts';
import { withDatabase } from './database.ts';
import { EXIT_FAILED, EXIT_OK } from './io.ts';
import { UsageError, type Verb, wordsOf } from './verb.ts';

const EXPECTED = 'expected: settings, or settings set PATH VALUE';

/** `accountdesk settings [set PATH VALUE]`: show the team settings, or change one. */
export const settings: Verb<{ set?: { path: string; value: string } }> = {
  parse(args) {
    const words = wordsOf(args);
    if (words.length === 0) return {};
    const [verb, path, value, ...extra] = words;
    if (verb === 'set' && path && value !== undefined && extra.length === 0) return { set: { path, value } };
    throw new UsageError(EXPECTED);
  },
  async run(config, io, { set: change }) {
    try {
      const current = await withDatabase(config, ({ db }) =>
        change ? updateSetting(db, change.path, change.value) : loadSettings(db),
      );
      if (change) io.stdout.write(`Set ${change.path} to ${change.value}.\n`);
      io.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      io.stderr.write(`accountdesk: ${error.message}\nNothing was changed.\n`);
      return EXIT_FAILED;
    }
  },
};
