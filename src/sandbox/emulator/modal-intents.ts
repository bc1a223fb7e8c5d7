/**
 * Submit, Cancel and Close on a modal. Slack's client checks required fields itself before it
 * sends anything, then applies the app's `response_action` to the user's stack of views.
 */
import { blockIdOf, type Choice, isRecord, reported } from './element-state.ts';
import { type IntentContext, IntentError, type IntentResult } from './intent-context.ts';
import { interactionBody, type StateValues, viewSubmissionPayload } from './payloads.ts';

export type SubmitResult = IntentResult | { ok: false; errors: Record<number, string> };

/** Slack's own wording for what its client refuses or fails at. */
const REQUIRED = 'Please complete this required field.';
const TROUBLE = 'We had some trouble connecting. Try again?';

/** Only modals are submitted or closed; the App Home is a view too, but has neither. */
function modalFor(ctx: IntentContext, user: string, viewId: string): Record<string, unknown> {
  const view = ctx.viewFor(user, viewId);
  if (view.type === 'home') throw new IntentError('the Home tab has no Submit or Close');
  return view;
}

export async function submitView(
  ctx: IntentContext,
  input: { user: string; viewId: string; values: Record<number, Choice> },
): Promise<SubmitResult> {
  const { deps, emulator } = ctx;
  const user = ctx.person(input.user);
  const view = modalFor(ctx, user.id, input.viewId);
  const blocks = (Array.isArray(view.blocks) ? view.blocks : []).filter(isRecord);
  const state: StateValues = {};
  const indexOf = new Map<string, number>();
  const missing: Record<number, string> = {};
  blocks.forEach((block, index) => {
    if (block.type !== 'input' || !isRecord(block.element)) return;
    const element = block.element;
    if (typeof element.action_id !== 'string') return;
    const blockId = blockIdOf(block, input.viewId, index);
    indexOf.set(blockId, index);
    const choice = input.values[index] ?? {};
    const value = reported(element, choice);
    if (!value) return;
    state[blockId] = { [element.action_id]: value };
    const empty = Object.entries(value).every(([key, v]) => key === 'type' || v === null);
    if (empty && block.optional !== true) missing[index] = REQUIRED;
  });
  if (Object.keys(missing).length > 0) return { ok: false, errors: missing };
  const payload = viewSubmissionPayload({
    team: deps.team,
    user,
    view,
    state,
    triggerId: emulator.issueTriggerId(user.id),
  });
  const answer = await ctx.send(interactionBody(payload));
  if (answer.status !== 200) return { ok: false, error: TROUBLE };
  const ack: unknown = answer.text.trim() === '' ? {} : JSON.parse(answer.text);
  const action = isRecord(ack) ? ack.response_action : undefined;
  if (isRecord(ack) && action === 'errors' && isRecord(ack.errors)) {
    const errors: Record<number, string> = {};
    for (const [blockId, message] of Object.entries(ack.errors)) {
      const index = indexOf.get(blockId);
      if (index !== undefined) errors[index] = String(message);
    }
    return { ok: false, errors };
  }
  if (isRecord(ack) && action === 'update' && isRecord(ack.view))
    emulator.workspace.replaceView(input.viewId, ack.view);
  else if (isRecord(ack) && action === 'push' && isRecord(ack.view))
    emulator.workspace.pushView(user.id, ack.view);
  else emulator.workspace.closeViews(user.id, action === 'clear');
  return { ok: true };
}

/** Cancel (back one view) or close (all views); the app hears of it only if it asked to. */
export async function closeView(
  ctx: IntentContext,
  input: { user: string; viewId: string; all: boolean },
): Promise<IntentResult> {
  const { deps } = ctx;
  const user = ctx.person(input.user);
  const view = modalFor(ctx, user.id, input.viewId);
  if (view.notify_on_close === true) {
    await ctx.send(
      interactionBody({
        type: 'view_closed',
        team: { id: deps.team.id, domain: deps.team.domain },
        user: { id: user.id, username: user.name, name: user.name, team_id: deps.team.id },
        api_app_id: view.app_id,
        view,
        is_cleared: input.all,
        is_enterprise_install: false,
        enterprise: null,
      }),
    );
  }
  ctx.emulator.workspace.closeViews(user.id, input.all);
  return { ok: true };
}
