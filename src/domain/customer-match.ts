import type { Token } from './grammar.ts';

export type NamedCustomer = { id: number; name: string };

export type MatchResult<C extends NamedCustomer> =
  | { kind: 'match'; customer: C; rest: Token[] }
  /** `consumed`: how many tokens the name took, so the rest of the command survives a pick. */
  | { kind: 'ambiguous'; candidates: C[]; query: string; consumed: number }
  | { kind: 'none'; query: string };

/** Case-, width- and spacing-insensitive form of a name: what the natural key and matching compare. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** A name ends "at a boundary" in the text when a space follows, the text ends, or either side is CJK (no spaces there). */
export function endsAtBoundary(text: string, length: number): boolean {
  if (length === text.length) return true;
  const next = text[length]!;
  return next === ' ' || CJK.test(next) || CJK.test(text[length - 1]!);
}

/**
 * The words after a name that took the first `consumedChars` characters of the normalized text, for
 * any number of names over the same tokens (nameReadings lists every way the name could end): each
 * token is normalized once, and the same rest is the same array, so a caller can work out each
 * distinct rest once. `from(index)`: the tokens from that one on, shared the same way.
 */
export function tokenSlicer(tokens: Token[]): {
  after: (consumedChars: number) => Token[];
  from: (index: number) => Token[];
} {
  const lengths = tokens.map((token) => normalizeName(token.text).length);
  const rests = new Map<string, Token[]>();
  const tailStarts = new Map<number, number[]>();
  const suffix = (from: number) => {
    const key = String(from);
    let rest = rests.get(key);
    if (!rest) {
      rest = tokens.slice(from);
      rests.set(key, rest);
    }
    return rest;
  };
  /** What follows the first `count` characters of token `at` as normalizeName counts them, as typed. */
  const tailOf = (at: number, count: number) => {
    const chars = [...tokens[at]!.text];
    let starts = tailStarts.get(at);
    if (!starts) {
      // The prefix is normalized as a whole, as the name was: one character at a time, a decomposed
      // accent (e + U+0301) counts two where NFKC makes one é, and the notes lost their first character.
      starts = chars.map((_, index) => normalizeName(chars.slice(0, index).join('')).length);
      tailStarts.set(at, starts);
    }
    let index = 0;
    while (index < chars.length && starts[index]! < count) index++;
    return chars.slice(index).join('');
  };
  const after = (consumedChars: number) => {
    // Rebuild the remaining tokens from the text after the matched name, keeping quoting.
    let remaining = consumedChars;
    for (let at = 0; at < tokens.length; at++) {
      if (remaining <= 0) return suffix(at);
      const length = lengths[at]!;
      if (length <= remaining) {
        remaining -= length + 1;
        continue;
      }
      // The name ended inside this token (CJK text without spaces): keep the tail as typed, not in
      // its normalized form (a full-width comma stays full-width).
      const key = `${at}:${remaining}`;
      let rest = rests.get(key);
      if (!rest) {
        const tail = tailOf(at, remaining).trim();
        const next = suffix(at + 1);
        rest = tail ? [{ text: tail, quoted: false, raw: tail, gap: '' }, ...next] : next;
        rests.set(key, rest);
      }
      return rest;
    }
    return suffix(tokens.length);
  };
  return { after, from: suffix };
}

/** The words after a name that took the first `consumedChars` characters of the normalized text. */
export function sliceTokensAfter(tokens: Token[], consumedChars: number): Token[] {
  return tokenSlicer(tokens).after(consumedChars);
}

/**
 * The name as a whole (a quoted first word, else every word, as `/discount` names a customer before
 * its percent): the words it took, as typed, normalized (what it is matched by), and the words after.
 */
export function typedName(tokens: Token[]) {
  const quoted = tokens[0]?.quoted === true;
  const nameTokens = quoted ? tokens.slice(0, 1) : tokens;
  const typed = nameTokens.map((token) => token.text).join(' ');
  return { nameTokens, typed, query: normalizeName(typed), rest: quoted ? tokens.slice(1) : [] };
}

/**
 * Finds the customer a rep meant (docs/domain.md): a quoted name, else the customer name or the prefix of
 * words (beginning exactly one visible name) that explains the most of what was typed.
 * `wholeQuery` means every token is the name (the `/discount` form, where `N%` ends the name).
 */
export function matchCustomer<C extends NamedCustomer>(
  tokens: Token[],
  candidates: readonly C[],
  wholeQuery = false,
): MatchResult<C> {
  const first = tokens[0];
  if (!first) return { kind: 'none', query: '' };
  const keyed = candidates.map((customer) => ({ customer, key: normalizeName(customer.name) }));

  if (first.quoted || wholeQuery) {
    const { nameTokens, typed, query, rest } = typedName(tokens);
    const exact = keyed.find((entry) => entry.key === query);
    if (exact) return { kind: 'match', customer: exact.customer, rest };
    const prefixed = keyed.filter((entry) => entry.key.startsWith(query));
    if (prefixed.length === 1) return { kind: 'match', customer: prefixed[0]!.customer, rest };
    if (prefixed.length > 1) {
      return {
        kind: 'ambiguous',
        candidates: prefixed.map((e) => e.customer),
        query: typed,
        consumed: nameTokens.length,
      };
    }
    return { kind: 'none', query: typed };
  }

  const text = normalizeName(tokens.map((token) => token.text).join(' '));
  const whole = keyed
    .filter((entry) => text.startsWith(entry.key) && endsAtBoundary(text, entry.key.length))
    .sort((a, b) => b.key.length - a.key.length)[0];
  const prefix = longestWordPrefix(tokens, keyed);
  // Whichever explains more of what was typed wins: "acme corp …" means Acme Corporation even if "Acme" exists.
  if (whole && (!prefix || prefix.length <= whole.key.length)) {
    return { kind: 'match', customer: whole.customer, rest: sliceTokensAfter(tokens, whole.key.length) };
  }
  if (prefix?.matches.length === 1) {
    return { kind: 'match', customer: prefix.matches[0]!.customer, rest: tokens.slice(prefix.count) };
  }
  if (prefix) {
    return {
      kind: 'ambiguous',
      candidates: prefix.matches.map((entry) => entry.customer),
      query: prefix.typed,
      consumed: prefix.count,
    };
  }
  return { kind: 'none', query: first.text };
}

/**
 * The most words from the start of the text that still begin at least one name. A name never ends on
 * a word that adds nothing to it (an empty quote, `「”`): that word stays with the notes.
 */
function longestWordPrefix<C extends NamedCustomer>(tokens: Token[], keyed: { customer: C; key: string }[]) {
  for (let count = tokens.length; count >= 1; count--) {
    if (count > 1 && isBlankWord(tokens[count - 1]!)) continue;
    const typed = tokens
      .slice(0, count)
      .map((token) => token.text)
      .join(' ');
    const prefix = normalizeName(typed);
    const matches = keyed.filter((entry) => entry.key.startsWith(prefix));
    if (matches.length > 0) return { count, typed, length: prefix.length, matches };
  }
  return undefined;
}

/** A word that normalizes to nothing: an empty quote such as `""` or `「”`. */
export const isBlankWord = (token: Token) => normalizeName(token.text) === '';

function bigrams(text: string): string[] {
  const chars = [...normalizeName(text).replace(/ /g, '')];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((char, index) => chars[index]! + char);
}

/** Dice similarity of character bigrams: works for Latin and Chinese names alike. */
export function similarity(a: string, b: string): number {
  const left = bigrams(a);
  const right = bigrams(b);
  if (left.length === 0 || right.length === 0) return 0;
  const pool = [...right];
  let shared = 0;
  for (const gram of left) {
    const at = pool.indexOf(gram);
    if (at >= 0) {
      shared++;
      pool.splice(at, 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

/** The names closest to what was typed, best first, for "did you mean…". */
export function closestNames(query: string, names: readonly string[], limit = 3): string[] {
  return names
    .map((name) => ({
      name,
      score: Math.max(similarity(query, name), similarity(query, name.slice(0, query.length + 2))),
    }))
    .filter((entry) => entry.score >= 0.3)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((entry) => entry.name);
}
