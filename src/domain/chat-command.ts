/** Commands typed as text (Lark messages; the same grammar as Slack's slash commands). */
export const CHAT_COMMANDS = [
  'visit',
  'discount',
  'followups',
  'customer',
  'approvals',
  'report',
  'help',
  'home',
] as const;
/** `away`, `back` and `language` only after `/accountdesk`: a message "back tomorrow" must not end a leave. */
export type ChatCommand = (typeof CHAT_COMMANDS)[number] | 'away' | 'back' | 'language';

const ALIASES: Record<string, ChatCommand> = {
  拜访: 'visit',
  折扣: 'discount',
  降价: 'discount',
  跟进: 'followups',
  客户: 'customer',
  审批: 'approvals',
  报告: 'report',
  帮助: 'help',
  主页: 'home',
  首页: 'home',
};

/** What `/accountdesk` takes after it: anything else (or nothing) is help. */
type AccountdeskCommand = 'help' | 'away' | 'back' | 'language';
const ACCOUNTDESK_WORDS: Record<string, AccountdeskCommand> = {
  help: 'help',
  away: 'away',
  back: 'back',
  language: 'language',
  lang: 'language',
  语言: 'language',
  帮助: 'help',
  请假: 'away',
  离开: 'away',
  回岗: 'back',
  销假: 'back',
};

/** A mention as the platforms hand it in: Lark's placeholder, or the neutral marker of a user id. */
const MENTION_TOKEN = /@_user_\d+|⟦@[^⟧]*⟧/g;
const LEADING_MENTIONS = /^(?:(?:@_user_\d+|⟦@[^⟧]*⟧)\s*)+/;

/** `/accountdesk away 2026-12-15 @Dana` → away with its arguments; `/accountdesk`, `help` or else → help. */
export function accountdeskSubcommand(text: string): { command: AccountdeskCommand; args: string } {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  const word = match?.[1]?.toLowerCase() ?? '';
  const command = Object.hasOwn(ACCOUNTDESK_WORDS, word) ? ACCOUNTDESK_WORDS[word]! : 'help';
  return { command, args: command === 'help' ? '' : withoutMentionsUnlessAway(command, match![2]!) };
}

/** Only `away` names someone (its delegate); in every other command a mention is dropped, as before. */
function withoutMentionsUnlessAway(command: ChatCommand, args: string): string {
  return (command === 'away' ? args : args.replace(MENTION_TOKEN, ' ')).trim();
}

/**
 * `/visit Acme met the CFO` → { command: 'visit', args: 'Acme met the CFO' }. Mentions before the
 * command address the bot and are dropped; the leading slash is optional; anything else asks for help.
 */
export function parseChatCommand(text: string): { command: ChatCommand; args: string } {
  // Only the ends are trimmed: an ideographic space inside the notes is the rep's own and stays
  // (`\s` and trim already count it as a space, so `拜访\u3000华为` still splits after the word).
  const cleaned = text.trim().replace(LEADING_MENTIONS, '');
  const match = /^[/／]?(\S+)\s*([\s\S]*)$/.exec(cleaned);
  if (!match) return { command: 'help', args: '' };
  const word = match[1]!.toLowerCase();
  if (word === 'accountdesk') return accountdeskSubcommand(match[2]!);
  const command = (CHAT_COMMANDS as readonly string[]).includes(word)
    ? (word as (typeof CHAT_COMMANDS)[number])
    : Object.hasOwn(ALIASES, word)
      ? ALIASES[word]
      : undefined;
  if (!command) return { command: 'help', args: '' };
  return { command, args: command === 'help' ? '' : withoutMentionsUnlessAway(command, match[2]!) };
}
