/**
 * The rep's answer to a counter-offer (README, "Counter-offers"; docs/domain.md). Accept: the
 * request goes on at the new percent (counter-accept.ts). Decline, or no answer in time
 * (counter-deadlines.ts): the request is closed as declined (counter-close.ts).
 */
import type { UserError } from '../../domain/errors.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember, type Member } from '../members/members.ts';
import { loadSettings } from '../members/team-settings.ts';
import { errorMessage, notMemberMessage } from '../replies.ts';
import { closedRequestError, type LoadedRequest, loadRequest } from './approval-request.ts';
import { acceptCounter } from './counter-accept.ts';
import type { CounterAnswer } from './counter-blocks.ts';
import { closeOffer } from './counter-close.ts';

type Step = LoadedRequest['steps'][number];

export type AnswerResult = { ok: true; message: Message } | { ok: false; message: Message };

/** Why the offer on `step` can no longer be answered, if it cannot. */
async function notOpen(deps: AppDeps, reader: Member, loaded: LoadedRequest, step: Step) {
  const when = (at: Date | null) => (at ? formatDateTime(at, reader.zone) : '—');
  const c = catalog(reader.lang);
  if (step.counterAnswer !== null) {
    const outcome = c.counter.answers[step.counterAnswer as CounterAnswer] ?? step.counterAnswer;
    const error: UserError = {
      code: 'counter_not_waiting',
      params: { id: loaded.request.id, outcome, at: when(step.counterAnsweredAt) },
    };
    return error;
  }
  if (loaded.request.status !== 'pending') return closedRequestError(deps, reader, loaded);
  if (step.status !== 'countered') {
    const outcomes = c.outcomes as Record<string, string>;
    const error: UserError = {
      code: 'counter_not_waiting',
      params: {
        id: loaded.request.id,
        outcome: outcomes[step.status] ?? step.status,
        at: when(step.decidedAt),
      },
    };
    return error;
  }
  return undefined;
}

type Check =
  | { ok: true; member: Member; loaded: LoadedRequest; step: Step }
  | { ok: false; message: Message };

/** Only the rep who asked answers, and only an offer still waiting. */
async function checkCanAnswer(
  deps: AppDeps,
  actor: Actor,
  requestId: number,
  stepNo: number,
): Promise<Check> {
  const member = await findMember(deps, actor);
  if (!member) return { ok: false, message: await notMemberMessage(deps, actor) };
  const loaded = await loadRequest(deps, requestId);
  const step = loaded?.steps.find((s) => s.stepNo === stepNo);
  if (!loaded || !step) return { ok: false, message: errorMessage(member, { code: 'request_not_found' }) };
  if (loaded.requester.id !== member.id) {
    return {
      ok: false,
      message: errorMessage(member, {
        code: 'counter_not_requester',
        params: { id: requestId, requester: loaded.requester.name },
      }),
    };
  }
  const error = await notOpen(deps, member, loaded, step);
  return error ? { ok: false, message: errorMessage(member, error) } : { ok: true, member, loaded, step };
}

export async function answerCounter(
  deps: AppDeps,
  actor: Actor,
  input: { requestId: number; stepNo: number; answer: 'accepted' | 'declined' },
): Promise<AnswerResult> {
  const check = await checkCanAnswer(deps, actor, input.requestId, input.stepNo);
  if (!check.ok) return check;
  const { member, loaded, step } = check;
  const settings = await loadSettings(deps.db);
  const won =
    input.answer === 'accepted'
      ? await acceptCounter(deps, settings, loaded, step, member)
      : await closeOffer(deps, settings, loaded, step, 'declined', member);
  if (!won) {
    const again = await checkCanAnswer(deps, actor, input.requestId, input.stepNo);
    return again.ok ? { ok: false, message: errorMessage(member, { code: 'internal' }) } : again;
  }
  deps.outboxQueued();
  return { ok: true, message: textMessage(won) };
}
