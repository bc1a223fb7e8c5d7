/**
 * Withdrawing a discount request: the requester (or an admin) takes back a request nobody has
 * finished deciding — the customer signed at list price, or the deal is off. Every approval message
 * already posted is updated in place, the thread hears why, and each approver is told.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { approvalSteps, discountRequests } from '../../db/schema.ts';
import { type Form, withdrawForm } from '../../messages/forms.ts';
import { catalog, listOf } from '../../messages/i18n/index.ts';
import { type Message, textMessage, withoutMentionMarkers } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { redrawHomes } from '../home/home-refresh.ts';
import { findMember, type Member, memberById } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';
import { errorMessage, notMemberMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';
import {
  closedRequestError,
  currentFingerprint,
  fingerprintOf,
  type LoadedRequest,
  loadRequest,
} from './approval-request.ts';
import { recentDiscounts } from './approval-routing.ts';
import { type ClosureNote, closureNotifications, noteIn } from './closure-notifications.ts';
import { MAX_NOTE_LENGTH } from './decide-approval.ts';
import { lockPendingRequest } from './request-lock.ts';

type Check = { ok: true; member: Member; loaded: LoadedRequest } | { ok: false; message: Message };

/** Only the requester or an admin, and only while the request is still pending. */
export async function checkCanWithdraw(deps: AppDeps, actor: Actor, requestId: number): Promise<Check> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, message: await notMemberMessage(deps, actor) };
  const loaded = await loadRequest(deps, requestId);
  if (!loaded) return { ok: false, message: errorMessage(member, { code: 'request_not_found' }) };
  if (loaded.requester.id !== member.id && member.role !== 'admin') {
    return {
      ok: false,
      message: errorMessage(member, {
        code: 'not_requester',
        params: { id: requestId, requester: loaded.requester.name },
      }),
    };
  }
  if (loaded.request.status !== 'pending') {
    return { ok: false, message: errorMessage(member, await closedRequestError(deps, member, loaded)) };
  }
  return { ok: true, member, loaded };
}

export type WithdrawFormOpening = { ok: true; form: Form } | { ok: false; message: Message };

/** The reason form; someone who may not withdraw is told at once instead. */
export async function withdrawFormFor(
  deps: AppDeps,
  actor: Actor,
  requestId: number,
): Promise<WithdrawFormOpening> {
  const check = await checkCanWithdraw(deps, actor, requestId);
  return check.ok ? { ok: true, form: withdrawForm(check.member.lang, requestId) } : check;
}

export type WithdrawResult = { ok: true; message: Message } | { ok: false; message: Message };

/**
 * Closes the request as withdrawn, exactly once: the request row is locked first, so a withdrawal
 * racing an approval (or a second withdrawal) gives one outcome and the loser is told which.
 */
export async function withdrawRequest(
  deps: AppDeps,
  actor: Actor,
  input: { requestId: number; note?: string },
  attempt = 1,
): Promise<WithdrawResult> {
  const check = await checkCanWithdraw(deps, actor, input.requestId);
  if (!check.ok) return check;
  const { member, loaded } = check;
  const note = input.note ? withoutMentionMarkers(input.note).trim() || undefined : undefined;
  if (note && note.length > MAX_NOTE_LENGTH) {
    return {
      ok: false,
      message: errorMessage(member, { code: 'note_too_long', params: { max: MAX_NOTE_LENGTH } }),
    };
  }
  const { request } = loaded;
  const { won, told } = await closeAsWithdrawn(deps, member, loaded, note);
  if (won === 'stale' && attempt < 3) return withdrawRequest(deps, actor, input, attempt + 1);
  if (won !== true) {
    // Lost to a decision or another withdrawal a moment earlier: say what happened instead.
    const again = await checkCanWithdraw(deps, actor, input.requestId);
    return again.ok ? { ok: false, message: errorMessage(member, { code: 'internal' }) } : again;
  }
  deps.outboxQueued();
  const t = catalog(member.lang).withdraw;
  const facts = { id: request.id, percent: request.percent, customer: loaded.customer.name };
  const toldNames = told.map((person) => person.name);
  return {
    ok: true,
    message: textMessage(
      toldNames.length > 0
        ? t.done({ ...facts, told: listOf(member.lang, toldNames) })
        : t.doneNobodyTold(facts),
    ),
  };
}

/**
 * Closes `loaded` as withdrawn by `by`, under the request's lock: false when it is no longer
 * pending, 'stale' when a step was decided or moved since it was read (read it again and retry).
 * Also used when a rep leaves the team (members/leave-team.ts): their open requests are withdrawn.
 */
export async function closeAsWithdrawn(
  deps: AppDeps,
  member: Member,
  loaded: LoadedRequest,
  note: ClosureNote | undefined,
): Promise<{ won: boolean | 'stale'; told: Member[] }> {
  const { request } = loaded;
  const now = deps.clock.now();
  const recent = await recentDiscounts(deps.db, request.customerId, now, request.id);
  const settings = await loadSettings(deps.db);
  const escalatedTo = new Map<number, Member>();
  for (const step of loaded.steps) {
    if (step.escalatedToId === null || escalatedTo.has(step.escalatedToId)) continue;
    const manager = await memberById(deps, step.escalatedToId);
    if (manager) escalatedTo.set(manager.id, manager);
  }
  const notifications = closureNotifications({
    loaded,
    how: 'withdrawn',
    by: member,
    note,
    at: now,
    recent,
    escalatedTo,
    offer: { currency: settings.currency, days: settings.discountPolicy.counterExpiresAfterDays },
  });
  // The record keeps one wording: the team's language for a line the app wrote.
  const stored = note === undefined ? null : noteIn(note, deps.defaults.locale);
  const won = await transaction(deps.db, async (tx) => {
    if (!(await lockPendingRequest(tx, request.id))) return false;
    // A step decided or moved since the messages were drawn: draw them again from what holds now.
    if ((await currentFingerprint(tx, [request.id])) !== fingerprintOf([loaded])) return 'stale';
    await tx
      .update(discountRequests)
      .set({ status: 'withdrawn', decidedAt: now, closedById: member.id, closedNote: stored })
      .where(eq(discountRequests.id, request.id));
    await tx
      .update(approvalSteps)
      .set({ status: 'cancelled' })
      .where(
        and(eq(approvalSteps.requestId, request.id), inArray(approvalSteps.status, ['pending', 'waiting'])),
      );
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: 'discount.withdrawn',
        entity: 'discount_request',
        entityId: request.id,
        before: { status: request.status, currentStep: request.currentStep },
        after: { status: 'withdrawn', note: stored },
      },
    ]);
    await enqueue(tx, notifications.items);
    await redrawHomes(tx, [member.id, ...loaded.steps.map((s) => s.approverId)]);
    return true;
  });
  return { won, told: won === true ? notifications.told : [] };
}
