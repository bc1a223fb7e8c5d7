import { decisionForm, discountForm, type Form, prospectForm, visitForm } from '../../messages/forms.ts';
import type { Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { checkCanDecide } from '../discounts/approval-request.ts';
import { findMember } from '../members/members.ts';
import { notMemberMessage } from '../replies.ts';

export type FormOpening = { ok: true; form: Form } | { ok: false; message: Message };

/** The form a bare `/visit` or `/discount` opens, in the member's language. */
export async function commandForm(
  deps: AppDeps,
  actor: Actor,
  kind: 'visit' | 'discount',
): Promise<FormOpening> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, message: await notMemberMessage(deps, actor) };
  return { ok: true, form: kind === 'visit' ? visitForm(member.lang) : discountForm(member.lang) };
}

/** "Add as a prospect" under a name that matched nothing: the name filled in, tier D. */
export async function prospectFormFor(deps: AppDeps, actor: Actor, name: string): Promise<FormOpening> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, message: await notMemberMessage(deps, actor) };
  return { ok: true, form: prospectForm(member.lang, { name: name.slice(0, 200) }) };
}

/** The note form of a decision; someone who may not decide is told at once instead. */
export async function decisionFormFor(
  deps: AppDeps,
  actor: Actor,
  requestId: number,
  stepNo: number,
  decision: 'approved' | 'rejected',
): Promise<FormOpening> {
  const check = await checkCanDecide(deps, actor, requestId, stepNo);
  if (!check.ok) return check;
  return { ok: true, form: decisionForm(check.member.lang, requestId, stepNo, decision) };
}
