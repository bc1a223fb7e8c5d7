import { demoCommand } from '../sandbox/demo/demo-command.ts';
import { readArgs, UsageError, type Verb } from './verb.ts';

const EXPECTED = 'expected: demo [--reset]';

/** `accountdesk demo [--reset]`: seed (or start over) the local sandbox's demo team. */
export const demo: Verb<{ reset: boolean }> = {
  parse(args) {
    // Nothing, or `--reset` once: anything else is a mistake worth the usage.
    const read = readArgs(args, { reset: { type: 'boolean' } });
    if (read.length > 1 || read.some((arg) => arg.kind === 'word')) throw new UsageError(EXPECTED);
    return { reset: read.length === 1 };
  },
  async run(config, io, { reset }) {
    const result = await demoCommand(config, { reset, now: io.now?.() ?? new Date() });
    if (result.out) io.stdout.write(result.out);
    if (result.err) io.stderr.write(`accountdesk: ${result.err}`);
    return result.exitCode;
  },
};
