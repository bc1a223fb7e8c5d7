/**
 * The ways a command's words can split into a customer's name and the rest, listed ahead so that a
 * single SQL statement can pick the customer and write with the right rest (docs/architecture.md,
 * "One round trip"). The statement applies matchCustomer's rule (customer-match.ts) to the
 * candidates it finds; every reading it may pick is here, and where the name could be longer than
 * the readings listed it picks none and the command takes the full path.
 */
import { endsAtBoundary, isBlankWord, normalizeName, tokenSlicer } from './customer-match.ts';
import type { Token } from './grammar.ts';

/** Names of more words or characters than this take the full path. */
export const MAX_NAME_WORDS = 8;
export const MAX_NAME_CHARS = 40;

export type NameReadings = {
  /** The normalized first word: candidates are names that begin with it… */
  firstWord: string;
  /** …or names the whole normalized text begins with. */
  text: string;
  /** Normalized text of the first 1…n words (n ≤ MAX_NAME_WORDS): the longest that begins a name wins. */
  prefixes: string[];
  /** Lengths at which a name may end inside `text` (up to MAX_NAME_CHARS). */
  boundaries: number[];
  /** How many words were typed: a name still matching at the last prefix sent may be longer. */
  words: number;
  /**
   * The rest after each reading: `p:<words>` for a name begun by that many words, `w:<chars>` for a
   * whole name. Readings that leave the same words share one array.
   */
  rests: Map<string, Token[]>;
};

// Outside the Basic Multilingual Plane JavaScript counts two units where Postgres counts one character.
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

/** The readings of unquoted words (a quoted name is matched in full by the full path); none when there are none. */
export function nameReadings(tokens: Token[]): NameReadings | undefined {
  const first = tokens[0];
  if (!first || first.quoted) return undefined;
  // A blank word (an empty quote) never ends a name (matchCustomer); the prefixes below would let it.
  if (tokens.slice(0, MAX_NAME_WORDS).some(isBlankWord)) return undefined;
  const text = normalizeName(tokens.map((token) => token.text).join(' '));
  if (!text || ASTRAL.test(text)) return undefined;
  const rests = new Map<string, Token[]>();
  const rest = tokenSlicer(tokens);
  const prefixes: string[] = [];
  for (let count = 1; count <= Math.min(tokens.length, MAX_NAME_WORDS); count++) {
    prefixes.push(
      normalizeName(
        tokens
          .slice(0, count)
          .map((token) => token.text)
          .join(' '),
      ),
    );
    rests.set(`p:${count}`, rest.from(count));
  }
  const boundaries: number[] = [];
  for (let length = 1; length <= Math.min(text.length, MAX_NAME_CHARS); length++) {
    if (!endsAtBoundary(text, length)) continue;
    boundaries.push(length);
    rests.set(`w:${length}`, rest.after(length));
  }
  return { firstWord: prefixes[0]!, text, prefixes, boundaries, words: tokens.length, rests };
}
