import * as lark from '@larksuiteoapi/node-sdk';
import type { AppDeps } from '../../app/context.ts';
import { larkDomain } from './client.ts';
import { createLarkDispatcher } from './events.ts';

/**
 * Long-connection mode (LARK_MODE=ws) for teams without a public URL: the SDK's WSClient delivers
 * events and card actions; each goes through the same dispatcher (and dedupe) as HTTP deliveries.
 */
export function startLarkLongConnection(
  deps: AppDeps,
  options: { appId: string; appSecret: string; domain?: string },
): { stop(): void } {
  const client = new lark.WSClient({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: larkDomain(options.domain),
    loggerLevel: lark.LoggerLevel.warn,
  });
  void client.start({ eventDispatcher: longConnectionDispatcher(deps) });
  return {
    stop() {
      client.close?.();
    },
  };
}

/** The SDK dispatcher the long connection feeds; exported so tests can drive it without a socket. */
export function longConnectionDispatcher(deps: AppDeps): lark.EventDispatcher {
  const dispatch = createLarkDispatcher(deps, undefined);
  // The SDK hands handlers the header and event merged into one object; rebuild the envelope.
  const viaEnvelope = async (data: Record<string, unknown>) => {
    const result = await dispatch({
      schema: '2.0',
      header: { event_id: String(data.event_id ?? ''), event_type: String(data.event_type ?? '') },
      event: data,
    });
    return result.body;
  };
  return new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({
    'im.message.receive_v1': (data: Record<string, unknown>) =>
      viaEnvelope({ ...data, event_type: 'im.message.receive_v1' }),
    'card.action.trigger': (data: Record<string, unknown>) =>
      viaEnvelope({ ...data, event_type: 'card.action.trigger' }),
    'contact.user.deleted_v3': (data: Record<string, unknown>) =>
      viaEnvelope({ ...data, event_type: 'contact.user.deleted_v3' }),
    'application.bot.menu_v6': (data: Record<string, unknown>) =>
      viaEnvelope({ ...data, event_type: 'application.bot.menu_v6' }),
  } as Record<string, (data: Record<string, unknown>) => Promise<unknown>>);
}
