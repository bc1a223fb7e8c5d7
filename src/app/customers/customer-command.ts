import { addSubcommand, isBareAddWord } from '../../domain/customer-add.ts';
import { tokenize } from '../../domain/grammar.ts';
import { catalog } from '../../messages/i18n/index.ts';
import type { Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember, type Member } from '../members/members.ts';
import { errorMessage, notMemberMessage } from '../replies.ts';
import { addProspectCommand } from './add-prospect.ts';
import { customerForCommand } from './command-customer.ts';
import { customerCard } from './customer-card.ts';

/**
 * `/customer <name>`: the card of one visible customer, or the choices when the name is ambiguous;
 * `/customer add <name> [tier:X]` (新增, 添加) adds a prospect of the member's own.
 */
export async function customerCommand(
  deps: AppDeps,
  actor: Actor,
  text: string,
  customerId?: number,
): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  const tokens = tokenize(text);
  const adding = customerId === undefined ? addSubcommand(tokens) : undefined;
  if (adding) return addProspectCommand(deps, member, adding);
  // `/customer add` with no name: the blank form, not a search for a customer called "add".
  if (customerId === undefined && isBareAddWord(tokens))
    return withAddButton(member, errorMessage(member, { code: 'prospect_name_missing' }), '');
  if (customerId === undefined && tokens.length === 0)
    return withAddButton(member, errorMessage(member, { code: 'customer_missing' }), '');
  const found = await customerForCommand(deps, member, {
    cmd: 'customer',
    customerId,
    tokens,
    wholeQuery: true,
    restAfter: () => '',
  });
  if (!found.ok)
    return found.missed === undefined ? found.message : withAddButton(member, found.message, found.missed);
  return customerCard(deps, member, found.customer);
}

/**
 * A name that matched nothing may be a customer nobody entered yet: "Add as a prospect" opens the
 * form with the name filled in (README, `/customer add`).
 */
function withAddButton(member: Member, message: Message, name: string): Message {
  const t = catalog(member.lang).prospect;
  return {
    ...message,
    blocks: [
      ...message.blocks,
      { type: 'context', text: name ? t.addHint({ name }) : t.addHintBlank },
      {
        type: 'actions',
        buttons: [{ actionId: 'prospect.form', label: t.addButton, value: name.slice(0, 200) }],
      },
    ],
  };
}
