import { accountdeskSubcommand } from '../../domain/chat-command.ts';
import { catalog } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { awayCommand, backCommand } from '../discounts/away-commands.ts';
import { policyHelpText } from '../discounts/policy-help.ts';
import { languageCommand } from '../members/member-language.ts';
import { findMember } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';

export async function helpMessage(deps: AppDeps, actor: Actor): Promise<Message> {
  const member = await findMember(deps, actor);
  const locale = member?.lang ?? deps.defaults.locale;
  const { discountPolicy } = await loadSettings(deps.db);
  return textMessage(`${catalog(locale).help()}\n\n${policyHelpText(locale, discountPolicy)}`);
}

/**
 * Slack's `/accountdesk …`: `away <until> [@delegate]`, `back`, and help for anything else. Its text
 * comes with mentions already turned into markers by the platform.
 */
export async function accountdeskCommand(deps: AppDeps, actor: Actor, text: string): Promise<Message> {
  const { command, args } = accountdeskSubcommand(text);
  if (command === 'away') return awayCommand(deps, actor, args);
  if (command === 'back') return backCommand(deps, actor);
  if (command === 'language') return languageCommand(deps, actor, args);
  return helpMessage(deps, actor);
}
