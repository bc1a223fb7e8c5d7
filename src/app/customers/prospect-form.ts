/** The "Add as a prospect" form (README, `/customer add`): the same checks as the command. */
import { parseProspect } from '../../domain/customer-add.ts';
import type { Token } from '../../domain/grammar.ts';
import type { FormValues } from '../../messages/forms.ts';
import { errorText } from '../../messages/i18n/index.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember, notRegisteredText } from '../members/members.ts';
import { enqueue, oneOffKey } from '../outbox.ts';
import type { FormResult } from '../replies.ts';
import { proposeProspect } from './add-prospect.ts';

/**
 * A refused name stays in the form with the reason under it. Otherwise the answer — the new card,
 * or close names to choose from — is the result; `confirmByDm` also sends it as a private message
 * (Slack closes the modal and would otherwise show nothing).
 */
export async function prospectFormSubmitted(
  deps: AppDeps,
  actor: Actor,
  values: FormValues,
  confirmByDm: boolean,
): Promise<FormResult> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, fieldErrors: { name: notRegisteredText(deps) } };
  // The form's name is one quoted token: a name may contain anything, even "tier:B".
  const tokens: Token[] = [{ text: values.name ?? '', quoted: true }];
  if (values.tier) tokens.push({ text: `tier:${values.tier}`, quoted: false });
  const parsed = parseProspect(tokens);
  if (!parsed.ok) {
    const field = parsed.error.code === 'tier_unknown' ? 'tier' : 'name';
    return { ok: false, fieldErrors: { [field]: errorText(member.lang, parsed.error) } };
  }
  const outcome = await proposeProspect(deps, member, parsed.value, false);
  if (outcome.kind === 'refused') return { ok: false, fieldErrors: { name: outcome.reason } };
  if (confirmByDm) {
    await enqueue(deps.db, [
      {
        key: oneOffKey('prospect'),
        platform: actor.platform,
        target: { type: 'dm', userId: actor.userId },
        message: outcome.message,
      },
    ]);
    deps.outboxQueued();
  }
  return { ok: true, message: outcome.message };
}
