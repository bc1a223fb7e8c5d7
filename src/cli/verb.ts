import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { CliIo } from './io.ts';

/** A command line that does not say what to do: answered with the message and the usage, exit 2. */
export class UsageError extends Error {}

/** One verb of `accountdesk`: it parses its own arguments (throwing UsageError), then runs. */
export type Verb<Options> = {
  parse(args: string[]): Options;
  run(config: Config, io: CliIo, options: Options): Promise<number>;
};

/** A verb whose arguments were parsed: all that is left is to run it. */
export type ParsedCommand = (config: Config, io: CliIo) => Promise<number>;

/** Parses `args` for `verb`, throwing UsageError, and binds the options for the run. */
export function prepare<Options>(verb: Verb<Options>, args: string[]): ParsedCommand {
  const options = verb.parse(args);
  return (config, io) => verb.run(config, io, options);
}

/** One argument as read: an option the verb declared (with its value, if it takes one), or a word. */
export type Arg = { kind: 'option'; name: string; value?: string } | { kind: 'word'; text: string };

type OptionTypes = Record<string, { type: 'string' | 'boolean' }>;

/**
 * The arguments in order, read by node:util's parseArgs with the verb's `options` declared. Not
 * strict: everything else stays a word, exactly as typed, because the CLI has always taken it so —
 * a file name or setting value starting with `-` (`settings set X -5`), a lone `--`, or an option
 * the verb does not know, which the verb then names or rejects. A boolean option given a value
 * (`--reset=yes`) is not that option either: it stays a word.
 */
export function readArgs(args: string[], options: OptionTypes = {}): Arg[] {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const read: Arg[] = [];
  let previous = -1;
  for (const token of tokens) {
    // The letters of a short-option group (`-abc`) share one index: the group is one word.
    if (token.index === previous) continue;
    previous = token.index;
    const declared =
      token.kind === 'option' && Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (token.kind === 'option' && declared && (declared.type === 'string' || token.value === undefined)) {
      read.push({ kind: 'option', name: token.name, value: token.value });
    } else {
      read.push({ kind: 'word', text: args[token.index] ?? '' });
    }
  }
  return read;
}

/** The arguments of a verb that takes no options: every one a word, as typed. */
export function wordsOf(args: string[]): string[] {
  return readArgs(args).flatMap((arg) => (arg.kind === 'word' ? [arg.text] : []));
}
