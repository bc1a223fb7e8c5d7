import type {
  AckFn,
  AllMiddlewareArgs,
  BlockAction,
  RespondArguments,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../../../app/context.ts';
import { showHome } from '../../../app/home/home-refresh.ts';
import { enqueue, oneOffKey } from '../../../app/outbox.ts';
import type { Form } from '../../../messages/forms.ts';
import { catalog } from '../../../messages/i18n/index.ts';
import type { Message } from '../../../messages/model.ts';
import {
  abandonRequest,
  currentRequest,
  markRequestFailed,
  RequestAbandoned,
} from '../../../request-context.ts';
import { renderMessage } from '../render.ts';
import { renderModal } from '../views.ts';

/** A slash command's private answer, sent in the acknowledgement itself (no API call, no 3 s risk). */
export function ephemeral(message: Message): RespondArguments {
  return { response_type: 'ephemeral', ...renderMessage(message) };
}

/** A private answer after a click: through the outbox, so a Slack hiccup does not lose it. */
export async function queueResponse(
  deps: AppDeps,
  responseUrl: string,
  message: Message,
  replaceOriginal = false,
): Promise<void> {
  await enqueue(deps.db, [
    {
      key: oneOffKey('respond'),
      platform: 'slack',
      target: { type: 'response_url', url: responseUrl, replaceOriginal },
      message,
    },
  ]);
  deps.outboxQueued();
}

/**
 * The answer to a click: privately in place of (or under) the message clicked. The Home tab has no
 * response_url: there the home is redrawn (homeAware) and a notice goes to the member's DM.
 */
export async function answerClick(
  deps: AppDeps,
  body: BlockAction,
  message: Message,
  replaceOriginal = false,
): Promise<void> {
  if (body.view?.type !== 'home') return queueResponse(deps, body.response_url, message, replaceOriginal);
  if (replaceOriginal) return;
  await enqueue(deps.db, [
    { key: oneOffKey('notice'), platform: 'slack', target: { type: 'dm', userId: body.user.id }, message },
  ]);
  deps.outboxQueued();
}

/** A click in the Home tab redraws it at once, whatever the click changed. */
export function homeAware<A extends { body: BlockAction }>(
  deps: AppDeps,
  handler: (args: A) => Promise<unknown>,
) {
  return async (args: A): Promise<void> => {
    await handler(args);
    const { body } = args;
    if (body.view?.type === 'home')
      await showHome(deps, {
        platform: 'slack',
        userId: body.user.id,
        ...(body.team?.id ? { workspace: body.team.id } : {}),
      });
  };
}

/**
 * Opens a modal. `trigger_id` expires in 3 s and works once, so this is the one call made directly
 * rather than through the outbox.
 */
export async function openModal(client: WebClient, triggerId: string, form: Form): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: renderModal(form) });
}

/** The answer when something broke before we could answer properly (e.g. the database is down). */
export function internalErrorText(deps: AppDeps): string {
  return catalog(deps.defaults.locale).errors.internal();
}

/** Runs a command handler; if it throws before acknowledging, the user still gets a clear answer. */
export async function guardedCommand(
  deps: AppDeps,
  ack: AckFn<string | RespondArguments>,
  handler: (ack: AckFn<string | RespondArguments>) => Promise<void>,
): Promise<void> {
  let acked = false;
  const once: AckFn<string | RespondArguments> = async (response) => {
    acked = true;
    await ack(response);
  };
  try {
    await handler(once);
  } catch (error) {
    markRequestFailed();
    deps.logger.error({ err: error }, 'slash command failed');
    if (!acked) await ack({ response_type: 'ephemeral', text: internalErrorText(deps) });
  }
}

type ActionArgs = { ack: () => Promise<void>; respond?: (message: RespondArguments) => Promise<unknown> };

/**
 * A click's database work may take this long before it is acknowledged anyway: Slack shows the
 * member an error at 3 s, and what is acknowledged must be true (README, "Operating it").
 */
export const CLICK_CAP_MS = 2000;

/**
 * Wraps click handlers. The decision is stored before the acknowledgement, so every acknowledged
 * click is stored. If the handler throws (say the database is down), or its work is still not
 * committing after `CLICK_CAP_MS` (a slow database), Slack gets its acknowledgement and the member
 * a private "nothing was saved" — sent directly, as the outbox itself may be down — and a change
 * still under way is rolled back rather than committed (src/app/transaction.ts).
 */
export function guarded<A extends ActionArgs>(
  deps: AppDeps,
  handler: (args: A) => Promise<unknown>,
  capMs = CLICK_CAP_MS,
) {
  return async (args: A): Promise<void> => {
    let acked = false;
    const ackOnce = async (): Promise<void> => {
      if (acked) return;
      acked = true;
      await args.ack();
    };
    const tracked = { ...args, ack: ackOnce } as A;
    const sayNothingSaved = () =>
      args
        .respond?.({ response_type: 'ephemeral', replace_original: false, text: internalErrorText(deps) })
        .catch(() => {});
    const request = currentRequest();
    let abandoned = false;
    const cap = setTimeout(() => {
      if (acked) return;
      // Saved or being saved: acknowledge, the handler's own answer follows. Otherwise abandon it.
      abandoned = abandonRequest(request);
      void ackOnce().catch(() => {});
      if (abandoned) {
        markRequestFailed();
        deps.logger.warn(
          { capMs },
          'click passed its time cap before it was saved; acknowledged, nothing saved',
        );
        void sayNothingSaved();
      }
    }, capMs);
    try {
      await handler(tracked);
    } catch (error) {
      // Abandoned at the cap: already answered, and the rollback is the expected ending.
      if (abandoned && error instanceof RequestAbandoned) return;
      markRequestFailed();
      deps.logger.error({ err: error }, 'slack interaction failed');
      if (!abandoned) {
        await ackOnce();
        await sayNothingSaved();
      }
    } finally {
      clearTimeout(cap);
    }
  };
}

/** Opens a modal after the acknowledgement; if Slack refuses, the member is told instead of left waiting. */
export async function openModalOrSay(
  deps: AppDeps,
  client: WebClient,
  respond: (message: RespondArguments) => Promise<unknown>,
  triggerId: string,
  form: Form,
): Promise<void> {
  try {
    await openModal(client, triggerId, form);
  } catch (error) {
    markRequestFailed();
    deps.logger.error({ err: error }, 'views.open failed');
    await respond({ response_type: 'ephemeral', text: internalErrorText(deps) }).catch(() => {});
  }
}

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Wraps form submissions: if saving fails (say the database is down) the modal stays open with the
 * error under its first field — closing it would make the member believe it was saved.
 */
export function guardedView(deps: AppDeps, handler: (args: ViewArgs) => Promise<unknown>) {
  return async (args: ViewArgs): Promise<void> => {
    let acked = false;
    const ack: ViewArgs['ack'] = async (response) => {
      acked = true;
      await args.ack(response);
    };
    try {
      await handler({ ...args, ack });
    } catch (error) {
      markRequestFailed();
      deps.logger.error({ err: error }, 'slack form submission failed');
      const blocks = args.body.view.blocks as { block_id?: string }[];
      const field = blocks.find((block) => block.block_id)?.block_id ?? 'summary';
      if (!acked) await args.ack({ response_action: 'errors', errors: { [field]: internalErrorText(deps) } });
    }
  };
}
