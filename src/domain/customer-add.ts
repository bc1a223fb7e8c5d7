/**
 * `/customer add <name> [tier:A|B|C|D]` (README, "Commands"): the grammar of adding a prospect.
 * Only the exact word `add` (新增, 添加) followed by a name is the subcommand, so `/customer Addison`
 * and `/customer add` alone still look a customer up.
 */
import { fail, ok, type Result } from './errors.ts';
import type { Token } from './grammar.ts';
import { parseTier, type Tier } from './vocabulary.ts';

export const ADD_WORDS: ReadonlySet<string> = new Set(['add', '新增', '添加']);

/** A name longer than this is a pasted paragraph, not a company. */
export const MAX_CUSTOMER_NAME = 200;

export type ProspectInput = { name: string; tier: Tier };

const TIER_OPTION = /^(tier|级别|等级)[:：](.*)$/i;

/** The text after the add word: the name (quoted or not) and an optional tier, D by default. */
export function parseProspect(tokens: Token[]): Result<ProspectInput> {
  let tier: Tier = 'D';
  const words: string[] = [];
  for (const token of tokens) {
    const option = token.quoted ? null : TIER_OPTION.exec(token.text);
    if (!option) {
      words.push(token.text);
      continue;
    }
    const parsed = parseTier(option[2]!);
    if (!parsed) return fail('tier_unknown', { tier: option[2]! });
    tier = parsed;
  }
  const name = words.join(' ').replace(/\s+/g, ' ').trim();
  if (!name) return fail('prospect_name_missing');
  if ([...name].length > MAX_CUSTOMER_NAME) return fail('prospect_name_too_long', { max: MAX_CUSTOMER_NAME });
  return ok({ name, tier });
}

const isAddWord = (token: Token | undefined) =>
  token !== undefined && !token.quoted && ADD_WORDS.has(token.text.normalize('NFKC').toLowerCase());

/** The add subcommand's arguments, or undefined when the text looks a customer up instead. */
export function addSubcommand(tokens: Token[]): Token[] | undefined {
  const [first, ...rest] = tokens;
  return rest.length > 0 && isAddWord(first) ? rest : undefined;
}

/** The add word alone (`/customer add`): a name is missing, not a customer called "add" looked up. */
export function isBareAddWord(tokens: Token[]): boolean {
  return tokens.length === 1 && isAddWord(tokens[0]);
}
