import { type AppDeps, createAppDeps, type Platform } from '../app/context.ts';
import { awaySummary, goAway } from '../app/discounts/away-commands.ts';
import { clearAwayPeriod } from '../app/members/away-period.ts';
import { leaveSummary, leaveTeam } from '../app/members/leave-team.ts';
import { type Member, membersByUserId } from '../app/members/members.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { isValidIsoDate } from '../domain/dates.ts';
import { createLogger } from '../logger.ts';
import { catalog, errorText } from '../messages/i18n/index.ts';
import { withDatabase } from './database.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './io.ts';
import { readArgs, UsageError, type Verb } from './verb.ts';

const EXPECTED =
  'expected: members away USER --until YYYY-MM-DD [--from YYYY-MM-DD] [--delegate USER] [--platform slack|lark], members back USER [--platform slack|lark], or members leave USER [--to USER]… [--platform slack|lark]';

type MembersOptions =
  | { verb: 'away'; user: string; platform?: Platform; until: string; from?: string; delegate?: string }
  | { verb: 'back'; user: string; platform?: Platform }
  | { verb: 'leave'; user: string; platform?: Platform; to: string[] };

const PLATFORMS: readonly Platform[] = ['slack', 'lark'];
const isPlatform = (value: string | undefined): value is Platform =>
  PLATFORMS.some((platform) => platform === value);

function date(name: string, value: string | undefined): string {
  if (value === undefined || !isValidIsoDate(value)) {
    throw new UsageError(`--${name} needs a date such as 2026-12-15 (got "${value ?? ''}")`);
  }
  return value;
}

/** A member named by chat user id: an unknown one fails (exit 1); one on both platforms needs --platform (exit 2). */
class MemberNotNamed extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/**
 * The one member a CLI argument names. `includeLeft` finds someone who already left too: leaving
 * twice must find the one who left, and a --to who left is refused by the use case with its reason.
 */
async function memberNamed(
  deps: AppDeps,
  userId: string,
  platform: Platform | undefined,
  purpose: string,
  options: { includeLeft?: boolean } = {},
): Promise<Member> {
  const found = (await membersByUserId(deps, userId, options)).filter(
    (m) => !platform || m.platform === platform,
  );
  if (found.length === 0) {
    throw new MemberNotNamed(
      `no ${platform ? `${platform} ` : ''}member "${userId}"${purpose} (import members first)`,
      EXIT_FAILED,
    );
  }
  if (found.length > 1) {
    throw new MemberNotNamed(
      `"${userId}" is a member on both ${found.map((m) => m.platform).join(' and ')}: add --platform slack or --platform lark`,
      EXIT_USAGE,
    );
  }
  return found[0]!;
}

/**
 * `accountdesk members away USER --until DATE [--from DATE] [--delegate USER] [--platform P]` and
 * `accountdesk members back USER [--platform P]`: an admin records someone's leave and delegate.
 */
export const membersVerb: Verb<MembersOptions> = {
  parse(args) {
    const [verb, ...rest] = args;
    if (verb !== 'away' && verb !== 'back' && verb !== 'leave') throw new UsageError(EXPECTED);
    const names =
      verb === 'away'
        ? ['until', 'from', 'delegate', 'platform']
        : verb === 'leave'
          ? ['to', 'platform']
          : ['platform'];
    const declared = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
    const values: Record<string, string | undefined> = {};
    let user: string | undefined;
    const to: string[] = [];
    // In order, so the first mistake is the one named; a repeated option counts its last (--to adds up).
    for (const arg of readArgs(rest, declared)) {
      if (arg.kind === 'option' && arg.name === 'to') {
        if (!arg.value) throw new UsageError('--to needs a USER');
        to.push(arg.value);
      } else if (arg.kind === 'option') values[arg.name] = arg.value ?? '';
      else if (user === undefined && !arg.text.startsWith('-')) user = arg.text;
      else throw new UsageError(arg.text.startsWith('-') ? `unknown option "${arg.text}"` : EXPECTED);
    }
    if (!user) throw new UsageError(EXPECTED);
    const { platform } = values;
    if (platform !== undefined && !isPlatform(platform)) {
      throw new UsageError(`--platform must be slack or lark (got "${platform}")`);
    }
    const on = platform ? { platform } : {};
    if (verb === 'back') return { verb, user, ...on };
    if (verb === 'leave') return { verb, user, ...on, to };
    if (values.until === undefined) throw new UsageError(`--until is required: ${EXPECTED}`);
    const until = date('until', values.until);
    const from = values.from === undefined ? undefined : date('from', values.from);
    if (from && until < from) throw new UsageError(`--until ${until} is before --from ${from}`);
    const delegate = values.delegate;
    if (delegate !== undefined && !delegate) throw new UsageError('--delegate needs a USER');
    return { verb, user, ...on, until, ...(from ? { from } : {}), ...(delegate ? { delegate } : {}) };
  },
  async run(config, io, options) {
    try {
      return await withDatabase(config, ({ db }) => runMembers(config, io, db, options));
    } catch (error) {
      if (!(error instanceof MemberNotNamed)) throw error;
      io.stderr.write(`accountdesk: ${error.message}\n`);
      return error.exitCode;
    }
  },
};

async function runMembers(config: Config, io: CliIo, db: Db, options: MembersOptions): Promise<number> {
  const now = io.now?.() ?? new Date();
  const deps = createAppDeps(config, { db, clock: { now: () => now }, logger: createLogger('silent') });
  if (options.verb === 'leave') return runLeave(deps, io, options);
  const member = await memberNamed(deps, options.user, options.platform, '');
  if (options.verb === 'back') {
    const t = catalog('en').away;
    const wasAway = await clearAwayPeriod(deps, member);
    io.stdout.write(`${wasAway ? t.back({ member: member.name }) : t.notAway({ member: member.name })}\n`);
    return EXIT_OK;
  }
  const delegate = options.delegate
    ? await memberNamed(deps, options.delegate, member.platform as Platform, ' to delegate to')
    : undefined;
  const went = await goAway(deps, {
    member,
    until: options.until,
    ...(options.from ? { from: options.from } : {}),
    ...(delegate ? { delegate } : {}),
  });
  if (!went.ok) {
    io.stderr.write(`accountdesk: ${errorText('en', went.error)}\nNothing was changed.\n`);
    return EXIT_FAILED;
  }
  io.stdout.write(`${awaySummary('en', member, went.value, false)}\n`);
  return EXIT_OK;
}

/** `members leave USER [--to USER]…`: the hand-over, and what it did, in one line. */
async function runLeave(
  deps: AppDeps,
  io: CliIo,
  options: { user: string; platform?: Platform; to: string[] },
): Promise<number> {
  const anyone = { includeLeft: true };
  const leaver = await memberNamed(deps, options.user, options.platform, '', anyone);
  const to: Member[] = [];
  for (const userId of options.to)
    to.push(await memberNamed(deps, userId, leaver.platform as Platform, ' to hand over to', anyone));
  const result = await leaveTeam(deps, leaver, to);
  if (!result.ok) {
    io.stderr.write(`accountdesk: ${errorText('en', result.error)}\nNothing was changed.\n`);
    return EXIT_FAILED;
  }
  io.stdout.write(`${leaveSummary('en', leaver, result.value)}\n`);
  return EXIT_OK;
}
