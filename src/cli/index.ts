import { type Config, ConfigError, loadConfig } from '../config.ts';
import { calendar } from './calendar.ts';
import { demo } from './demo.ts';
import { digest } from './digest.ts';
import { exportVerb } from './export.ts';
import { importVerb } from './import.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './io.ts';
import { membersVerb } from './members.ts';
import { migrate } from './migrate.ts';
import { report } from './report.ts';
import { settings } from './settings.ts';
import { type ParsedCommand, prepare, UsageError } from './verb.ts';

export type { CliIo } from './io.ts';

const USAGE = `Usage: accountdesk <command>

Commands:
  migrate                        create or upgrade the database tables
  import members FILE.csv        add or update members (platform,user_id,name,role,manager_user_id,timezone,locale,email)
  import customers FILE.csv      add or update customers (name,tier,owner_user_id,status[,platform,stage,next_follow_up])
  import contacts FILE.csv       add or update customers' key contacts (customer,name[,title,birthday,phone,email,notes])
  export members|customers|contacts|visits [FILE.csv]
                                 write a CSV (to FILE, else to standard output); members, customers and
                                 contacts come out in the import's columns and import back unchanged
  export discounts|audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [FILE.csv]
                                 discount requests filed (with their approval steps), or the audit log,
                                 in the period: both days included, in DEFAULT_TIMEZONE; default everything
  settings                       show the team settings (follow-up cadence, discount policy)
  settings set PATH VALUE        change one, e.g. settings set discountPolicy.managerMaxPercent 20
  calendar [YEAR]                list the year's holidays and make-up working days (调休)
  calendar import FILE.csv|FILE.ics
                                 replace the holidays and make-up working days of the year the file is
                                 about (CSV: date,type[,name] with type holiday or workday; ICS: all-day
                                 events, 休/放假/holiday are days off, 补班/上班/班/make-up working days)
  digest run [--at ISO-TIME] [--dry-run]
                                 run the morning-message pass as if at that moment (default now); the
                                 running service delivers what it queues; --dry-run prints and sends nothing
  report weekly [--at ISO-TIME] [--dry-run] [--out DIR]
                                 send the weekly report to supervisors and directors whose first working
                                 day of the week it is at that moment (default now), once a week each;
                                 --dry-run writes their charts (PNG) into DIR (default a new temp folder)
                                 and sends nothing
  members away USER --until YYYY-MM-DD [--from YYYY-MM-DD] [--delegate USER] [--platform slack|lark]
                                 USER (a chat user id, as in the members CSV) is away from --from (default
                                 today) until --until, both inclusive: their discount approvals go to the
                                 delegate (default their manager); waiting ones move when the leave begins
  members back USER [--platform slack|lark]
                                 USER is back: new approvals go to them again
  members leave USER [--to USER]… [--platform slack|lark]
                                 USER has left the team: their customers pass to --to (default their
                                 manager; several split the book by tier) with call-backs due from the next
                                 working day; reports move up; open requests are withdrawn; approvals
                                 waiting on them move up the line. Running it again changes nothing
  demo [--reset]                 seed the local sandbox's demo team into an empty database; --reset
                                 empties it (demo data only) and starts the demo over; stop the service first
  help                           show this help

The database is DATABASE_URL, or the embedded one under DATA_DIR (default ./.data).
`;

const VERBS: Record<string, (args: string[]) => ParsedCommand> = {
  migrate: (args) => prepare(migrate, args),
  import: (args) => prepare(importVerb, args),
  export: (args) => prepare(exportVerb, args),
  settings: (args) => prepare(settings, args),
  calendar: (args) => prepare(calendar, args),
  digest: (args) => prepare(digest, args),
  report: (args) => prepare(report, args),
  demo: (args) => prepare(demo, args),
  members: (args) => prepare(membersVerb, args),
};

const verbNamed = (name: string) => (Object.hasOwn(VERBS, name) ? VERBS[name] : undefined);

/** Runs one CLI command and returns the process exit code (0 ok, 1 failed, 2 usage or configuration). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' || argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  let command: ParsedCommand;
  try {
    if (name === undefined) throw new UsageError('no command given');
    const verb = verbNamed(name);
    if (!verb) throw new UsageError(`unknown command "${name}"`);
    command = verb(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`accountdesk: ${error.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT_USAGE;
  }
  try {
    return await command(config, io);
  } catch (error) {
    io.stderr.write(`accountdesk: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
}
