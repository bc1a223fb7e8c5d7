import { and, eq } from 'drizzle-orm';
import { members } from '../db/schema.ts';
import type { UserError } from '../domain/errors.ts';
import { errorText } from '../messages/i18n/index.ts';
import { type Message, textMessage } from '../messages/model.ts';
import type { Actor, AppDeps } from './context.ts';
import type { Member } from './members/members.ts';

/** A use case's private answer to the member who acted. */
export function errorMessage(member: Pick<Member, 'lang'>, error: UserError): Message {
  return textMessage(errorText(member.lang, error));
}

/** The answer to someone who is not (or no longer) a member of the team, in the team's language. */
export function notRegisteredMessage(deps: AppDeps): Message {
  return errorMessage({ lang: deps.defaults.locale }, { code: 'not_registered' });
}

/** Forms answer field by field, so the member fixes the one input that is wrong. */
export type FormResult = { ok: true; message: Message } | { ok: false; fieldErrors: Record<string, string> };

/**
 * The answer to someone the team does not know: one who left it (README, "A rep leaves") is told
 * so plainly — their commands store nothing — rather than being invited to register.
 */
export async function notMemberMessage(deps: AppDeps, actor: Actor): Promise<Message> {
  const [left] = await deps.db
    .select({ id: members.id })
    .from(members)
    .where(
      and(eq(members.platform, actor.platform), eq(members.userId, actor.userId), eq(members.active, false)),
    )
    .limit(1);
  return left
    ? errorMessage({ lang: deps.defaults.locale }, { code: 'member_left' })
    : notRegisteredMessage(deps);
}
