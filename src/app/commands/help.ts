import { catalog } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember } from '../members/members.ts';

export async function helpMessage(deps: AppDeps, actor: Actor): Promise<Message> {
  const member = await findMember(deps, actor);
  return textMessage(catalog(member?.lang ?? deps.defaults.locale).help());
}
