import type {
  AckFn,
  AllMiddlewareArgs,
  RespondArguments,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../../../app/context.ts';
import { enqueue, oneOffKey } from '../../../app/outbox.ts';
import type { Form } from '../../../messages/forms.ts';
import { catalog } from '../../../messages/i18n/index.ts';
import type { Message } from '../../../messages/model.ts';
import { markRequestFailed } from '../../../request-context.ts';
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
 * Wraps click and form handlers: if one throws (say the database is down), Slack still gets its
 * acknowledgement and the user a private "nothing was saved" — sent directly, as the outbox itself may be down.
 */
export function guarded<A extends ActionArgs>(deps: AppDeps, handler: (args: A) => Promise<unknown>) {
  return async (args: A): Promise<void> => {
    let acked = false;
    const ack = args.ack;
    const tracked = {
      ...args,
      ack: async (...rest: unknown[]) => {
        acked = true;
        await (ack as (...r: unknown[]) => Promise<void>)(...rest);
      },
    } as A;
    try {
      await handler(tracked);
    } catch (error) {
      markRequestFailed();
      deps.logger.error({ err: error }, 'slack interaction failed');
      if (!acked) await ack();
      await args
        .respond?.({ response_type: 'ephemeral', replace_original: false, text: internalErrorText(deps) })
        .catch(() => {});
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
