/** Commands typed as text (Lark messages; the same grammar as Slack's slash commands). */
export const CHAT_COMMANDS = [
  'visit',
  'discount',
  'followups',
  'customer',
  'approvals',
  'report',
  'help',
] as const;
export type ChatCommand = (typeof CHAT_COMMANDS)[number];

const ALIASES: Record<string, ChatCommand> = {
  accountdesk: 'help',
  拜访: 'visit',
  折扣: 'discount',
  降价: 'discount',
  跟进: 'followups',
  客户: 'customer',
  审批: 'approvals',
  报告: 'report',
  帮助: 'help',
};

/**
 * `/visit Acme met the CFO` → { command: 'visit', args: 'Acme met the CFO' }. Mentions of the bot
 * (`@_user_1`) are dropped; the leading slash is optional; anything else asks for help.
 */
export function parseChatCommand(text: string): { command: ChatCommand; args: string } {
  const cleaned = text
    .replace(/@_user_\d+/g, ' ')
    .replace(/\u3000/g, ' ')
    .trim();
  const match = /^[/／]?(\S+)\s*([\s\S]*)$/.exec(cleaned);
  if (!match) return { command: 'help', args: '' };
  const word = match[1]!.toLowerCase();
  const command = (CHAT_COMMANDS as readonly string[]).includes(word)
    ? (word as ChatCommand)
    : Object.hasOwn(ALIASES, word)
      ? ALIASES[word]
      : undefined;
  if (!command) return { command: 'help', args: '' };
  const args = match[2]!.trim();
  // "/accountdesk help" and "/accountdesk" both mean help.
  return { command, args: command === 'help' ? '' : args };
}
