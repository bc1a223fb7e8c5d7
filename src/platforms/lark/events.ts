import { z } from 'zod';
import type { AppDeps } from '../../app/context.ts';
import { onFirstDelivery } from '../../app/inbound.ts';
import { type CardResponse, cardActionSchema, createLarkHandlers, messageEventSchema } from './handlers.ts';

const envelopeSchema = z.object({
  schema: z.literal('2.0'),
  header: z.object({ event_id: z.string(), event_type: z.string(), token: z.string().optional() }),
  event: z.unknown(),
});

export type DispatchResult = { status: number; body: unknown };

/**
 * Routes one verified, decrypted Lark delivery (HTTP or long connection) to its handler, once:
 * redeliveries of an event id, or of a card action's token, are acknowledged and ignored.
 */
export function createLarkDispatcher(deps: AppDeps, verificationToken: string | undefined) {
  const handlers = createLarkHandlers(deps);

  return async function dispatch(payload: unknown): Promise<DispatchResult> {
    const envelope = envelopeSchema.safeParse(payload);
    if (!envelope.success) return { status: 400, body: { error: 'not a Lark event (schema 2.0)' } };
    const { header, event } = envelope.data;
    if (verificationToken && header.token && header.token !== verificationToken) {
      return { status: 401, body: { error: 'verification token mismatch' } };
    }
    switch (header.event_type) {
      case 'im.message.receive_v1': {
        const parsed = messageEventSchema.safeParse(event);
        if (!parsed.success) return { status: 400, body: { error: 'malformed message event' } };
        await onFirstDelivery(deps.db, `lark:event:${header.event_id}`, () =>
          handlers.onMessage(parsed.data),
        );
        return { status: 200, body: {} };
      }
      case 'card.action.trigger': {
        const parsed = cardActionSchema.safeParse(event);
        if (!parsed.success) return { status: 400, body: { error: 'malformed card action' } };
        const key = `lark:card:${parsed.data.token ?? header.event_id}`;
        const response: CardResponse | undefined = await onFirstDelivery(deps.db, key, () =>
          handlers.onCardAction(parsed.data),
        );
        return { status: 200, body: response ?? {} };
      }
      default:
        return { status: 200, body: {} };
    }
  };
}
