import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppDeps } from '../app/context.ts';
import { runWeeklyReports } from '../app/followups/weekly-reports.ts';
import { createLogger } from '../logger.ts';
import { count } from '../messages/i18n/plural.ts';
import { withDatabase } from './database.ts';
import { parseAt } from './digest.ts';
import { EXIT_OK } from './io.ts';
import { readArgs, UsageError, type Verb } from './verb.ts';

const EXPECTED = 'expected: report weekly [--at ISO-TIME] [--dry-run] [--out DIR]';

type ReportOptions = { at?: Date; dryRun: boolean; out?: string };

/** A user id as part of a file name (Slack's U…, Lark's ou_…; anything else made safe). */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * `accountdesk report weekly [--at ISO-TIME] [--dry-run] [--out DIR]`: the weekly report's pass as
 * if at that moment (README, "Weekly report"), claimed and queued as the schedule does; the running
 * service delivers it. A dry run writes each reader's charts into DIR and claims and queues nothing.
 */
export const report: Verb<ReportOptions> = {
  parse(args) {
    const [verb, ...flags] = args;
    if (verb !== 'weekly') throw new UsageError(EXPECTED);
    const options: ReportOptions = { dryRun: false };
    const declared = {
      at: { type: 'string' },
      'dry-run': { type: 'boolean' },
      out: { type: 'string' },
    } as const;
    for (const flag of readArgs(flags, declared)) {
      if (flag.kind === 'word') throw new UsageError(`unknown option "${flag.text}"`);
      if (flag.name === 'at') options.at = parseAt(flag.value ?? '');
      else if (flag.name === 'out') {
        if (!flag.value) throw new UsageError('--out needs a folder');
        options.out = flag.value;
      } else options.dryRun = true;
    }
    if (options.out !== undefined && !options.dryRun) throw new UsageError('--out goes with --dry-run');
    return options;
  },
  async run(config, io, options) {
    const at = options.at ?? io.now?.() ?? new Date();
    const result = await withDatabase(config, ({ db }) =>
      runWeeklyReports(
        createAppDeps(config, { db, clock: { now: () => at }, logger: createLogger('silent') }),
        {
          at,
          dryRun: options.dryRun,
        },
      ),
    );
    if (!options.dryRun) {
      io.stdout.write(
        `Queued ${count(result.queued, 'weekly report')} at ${at.toISOString()}` +
          (result.alreadyClaimed > 0 ? ` (${result.alreadyClaimed} already sent this week)` : '') +
          '; the running service delivers them.\n',
      );
      return EXIT_OK;
    }
    const out = options.out ?? (await mkdtemp(join(tmpdir(), 'accountdesk-weekly-')));
    await mkdir(out, { recursive: true });
    for (const preview of result.previews) {
      const files: string[] = [];
      for (const image of preview.images) {
        const file = join(out, `${fileSafe(preview.userId)}-${image.name}`);
        await writeFile(file, Buffer.from(image.pngBase64, 'base64'));
        files.push(file);
      }
      io.stdout.write(
        `── weekly report for ${preview.member} (${preview.userId}), week of ${preview.week}\n${preview.text}\n${files.join('\n')}\n\n`,
      );
    }
    io.stdout.write(
      `Dry run at ${at.toISOString()}: ${count(result.queued, 'weekly report')} would be sent; charts in ${out}; nothing was sent.\n`,
    );
    return EXIT_OK;
  },
};
