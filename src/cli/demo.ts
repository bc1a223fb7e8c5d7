import { demoCommand } from '../sandbox/demo/demo-command.ts';
import { parseVerbArgs, UsageError, type Verb } from './io.ts';

const EXPECTED = 'expected: demo [--reset]';

/** `accountdesk demo [--reset]`: seed (or start over) the local sandbox's demo team. */
export const demo: Verb<{ reset: boolean }> = {
  parse(args) {
    const { values, positionals } = parseVerbArgs(args, { reset: { type: 'boolean' } }, EXPECTED);
    if (positionals.length > 0) throw new UsageError(EXPECTED);
    return { reset: values.reset === true };
  },
  async run(config, io, { reset }) {
    const result = await demoCommand(config, { reset, now: io.now?.() ?? new Date() });
    if (result.out) io.stdout.write(result.out);
    if (result.err) io.stderr.write(`accountdesk: ${result.err}`);
    return result.exitCode;
  },
};
