import { and, eq } from 'drizzle-orm';
import { createAppDeps, type Platform } from '../app/context.ts';
import { CsvFileError, readCsvText } from '../app/imports/csv.ts';
import { importContacts } from '../app/imports/import-contacts.ts';
import { importCustomers } from '../app/imports/import-customers.ts';
import { importMembers } from '../app/imports/import-members.ts';
import { ImportError, type ImportProgress, type ImportResult } from '../app/imports/import-table.ts';
import { leaveSummary, leaveTeam } from '../app/members/leave-team.ts';
import { asMember } from '../app/members/members.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { members } from '../db/schema.ts';
import { createLogger } from '../logger.ts';
import { errorText } from '../messages/i18n/index.ts';
import { withDatabase } from './database.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK } from './io.ts';
import { UsageError, type Verb, wordsOf } from './verb.ts';

const IMPORT_KINDS = ['members', 'customers', 'contacts'] as const;
type ImportKind = (typeof IMPORT_KINDS)[number];

const EXPECTED = `expected: import ${IMPORT_KINDS.join('|')} FILE.csv`;
const isImportKind = (value: string | undefined): value is ImportKind =>
  IMPORT_KINDS.some((kind) => kind === value);

export function summaryLine(what: ImportKind, result: ImportResult): string {
  const noun = result.rows === 1 ? what.slice(0, -1) : what;
  const unchanged = result.unchanged > 0 ? `, ${result.unchanged} unchanged` : '';
  return `Imported ${result.rows} ${noun} (${result.inserted} new, ${result.updated} updated${unchanged}).`;
}

/** One self-overwriting line on a terminal; pipes and files get only the summary. */
function progressLine(io: CliIo): { update: ImportProgress; clear(): void } {
  let shown = false;
  return {
    update: ({ phase, done, total }) => {
      shown = true;
      const verb = phase === 'validating' ? 'Checking' : 'Writing';
      io.stdout.write(`\r\x1b[K${verb} ${total === undefined ? done : `${done}/${total}`} rows…`);
    },
    clear: () => {
      if (shown) io.stdout.write('\r\x1b[K');
    },
  };
}

/** `accountdesk import members|customers|contacts FILE.csv`: all rows or none, errors by row. */
export const importVerb: Verb<{ what: ImportKind; file: string }> = {
  parse(args) {
    const [what, file, ...extra] = wordsOf(args);
    if (!isImportKind(what) || !file || extra.length > 0) throw new UsageError(EXPECTED);
    return { what, file };
  },
  async run(config, io, { what, file }) {
    // Customer lists can be long: that file is streamed (twice), the others are read whole.
    let text = '';
    try {
      if (what !== 'customers') text = await readCsvText(file);
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error;
      io.stderr.write(`accountdesk: ${error.message}\n`);
      return EXIT_FAILED;
    }
    const progress = io.stdout.isTTY ? progressLine(io) : undefined;
    const now = io.now?.() ?? new Date();
    try {
      const onProgress = progress?.update;
      let leaves: string[] = [];
      const result = await withDatabase(config, async ({ db }) => {
        if (what === 'contacts') return importContacts(db, text, { now, onProgress });
        if (what === 'customers')
          return importCustomers(db, { file }, { now, defaultTimezone: config.DEFAULT_TIMEZONE, onProgress });
        let leaving: { platform: Platform; userId: string }[] = [];
        const imported = await importMembers(db, text, {
          now,
          onProgress,
          onLeaving: (rows) => {
            leaving = rows;
          },
        });
        leaves = await handOverLeavers(config, db, now, leaving);
        return imported;
      });
      progress?.clear();
      io.stdout.write(`${summaryLine(what, result)}\n`);
      const refused = leaves.filter((line) => line.startsWith('accountdesk: '));
      for (const line of leaves)
        (line.startsWith('accountdesk: ') ? io.stderr : io.stdout).write(`${line}\n`);
      return refused.length > 0 ? EXIT_FAILED : EXIT_OK;
    } catch (error) {
      progress?.clear();
      if (error instanceof CsvFileError) {
        io.stderr.write(`accountdesk: ${error.message}\n`);
        return EXIT_FAILED;
      }
      if (!(error instanceof ImportError)) throw error;
      io.stderr.write(`${file}: ${error.message}\nNothing was imported.\n`);
      return EXIT_FAILED;
    }
  },
};

/**
 * Rows with status `left`: each member's book is handed to their manager, as `members leave` does
 * (README, "A rep leaves"). One with nobody to take over is named, to be left with --to.
 */
async function handOverLeavers(
  config: Config,
  db: Db,
  now: Date,
  leaving: { platform: Platform; userId: string }[],
): Promise<string[]> {
  if (leaving.length === 0) return [];
  const deps = createAppDeps(config, { db, clock: { now: () => now }, logger: createLogger('silent') });
  const lines: string[] = [];
  for (const { platform, userId } of leaving) {
    const [row] = await db
      .select()
      .from(members)
      .where(and(eq(members.platform, platform), eq(members.userId, userId)));
    if (!row) continue;
    const leaver = asMember(row, deps.defaults);
    const result = await leaveTeam(deps, leaver);
    lines.push(
      result.ok
        ? leaveSummary('en', leaver, result.value)
        : `accountdesk: ${errorText('en', result.error)} Hand ${userId} over with: accountdesk members leave ${userId} --to USER`,
    );
  }
  return lines;
}
