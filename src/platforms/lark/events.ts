import { z } from 'zod';
import type { AppDeps } from '../../app/context.ts';
import { sendHomeCard } from '../../app/home/home-card.ts';
import { onFirstDelivery } from '../../app/inbound.ts';
import { memberDeparted } from '../../app/members/departures.ts';
import { parseChatCommand } from '../../domain/chat-command.ts';
import { currentRequest, identifyRequest, inRequest } from '../../request-context.ts';
import { withoutNulCharacters } from '../clean-text.ts';
import { timedRequest } from '../timed-request.ts';
import { type CardResponse, cardActionSchema, createLarkHandlers, messageEventSchema } from './handlers.ts';

const envelopeSchema = z.object({
  schema: z.literal('2.0'),
  header: z.object({ event_id: z.string(), event_type: z.string(), token: z.string().optional() }),
  event: z.unknown(),
});

/** Lark's directory: a member deactivated or deleted (contact.user.deleted_v3), by open_id. */
const userDeletedSchema = z.object({ object: z.object({ open_id: z.string().min(1) }) });

/** A bot menu item pressed (application.bot.menu_v6): the item's key and who pressed it. */
const menuSchema = z.object({
  event_key: z.string(),
  operator: z.object({ operator_id: z.object({ open_id: z.string().min(1) }) }),
});

export type DispatchResult = { status: number; body: unknown };

/**
 * Routes one verified, decrypted Lark delivery (HTTP or long connection) to its handler, once:
 * redeliveries of an event id, or of a card action's token, are acknowledged and ignored.
 */
export function createLarkDispatcher(deps: AppDeps, verificationToken: string | undefined) {
  const handlers = createLarkHandlers(deps);

  const timed = <T>(kind: 'command' | 'interaction', name: string, work: () => Promise<T>) =>
    timedRequest(deps.instruments, { kind, platform: 'lark', name }, work);

  /** Named after Lark's event_id for the logs and outbox rows; the long connection begins its own context. */
  return async function dispatch(payload: unknown): Promise<DispatchResult> {
    const envelope = envelopeSchema.safeParse(withoutNulCharacters(payload));
    if (!envelope.success) return { status: 400, body: { error: 'not a Lark event (schema 2.0)' } };
    const eventId = envelope.data.header.event_id || undefined;
    if (!currentRequest()) return inRequest(() => route(envelope.data), eventId);
    identifyRequest(eventId);
    return route(envelope.data);
  };

  /**
   * A signed event we cannot make sense of: logged once and answered 200, so Lark does not
   * redeliver it again and again (a 4xx or 5xx would).
   */
  function understood(header: { event_id: string; event_type: string }, problem: string): DispatchResult {
    deps.logger.warn({ eventId: header.event_id, eventType: header.event_type }, `lark ${problem}; ignored`);
    return { status: 200, body: {} };
  }

  async function route({ header, event }: z.infer<typeof envelopeSchema>): Promise<DispatchResult> {
    // With a token configured, an event must carry it: one without is refused like a wrong one.
    if (verificationToken && header.token !== verificationToken) {
      return { status: 401, body: { error: 'verification token mismatch' } };
    }
    switch (header.event_type) {
      case 'im.message.receive_v1': {
        const parsed = messageEventSchema.safeParse(event);
        if (!parsed.success) return understood(header, 'malformed message event');
        await timed('command', commandName(parsed.data.message), () =>
          onFirstDelivery(deps.db, `lark:event:${header.event_id}`, () => handlers.onMessage(parsed.data)),
        );
        return { status: 200, body: {} };
      }
      case 'card.action.trigger': {
        const parsed = cardActionSchema.safeParse(event);
        if (!parsed.success) return understood(header, 'malformed card action');
        const key = `lark:card:${parsed.data.token ?? header.event_id}`;
        const response: CardResponse | undefined = await timed(
          'interaction',
          parsed.data.action.value?.a ?? 'other',
          () => onFirstDelivery(deps.db, key, () => handlers.onCardAction(parsed.data)),
        );
        return { status: 200, body: response ?? {} };
      }
      case 'contact.user.deleted_v3': {
        const parsed = userDeletedSchema.safeParse(event);
        if (!parsed.success) return understood(header, 'malformed user deletion');
        const openId = parsed.data.object.open_id;
        await onFirstDelivery(deps.db, `lark:event:${header.event_id}`, () =>
          memberDeparted(deps, 'lark', openId),
        );
        return { status: 200, body: {} };
      }
      case 'application.bot.menu_v6': {
        const parsed = menuSchema.safeParse(event);
        if (!parsed.success) return understood(header, 'malformed menu event');
        // The one menu item AccountDesk has is Home (manifest/lark.md); others are not ours to answer.
        if (parsed.data.event_key !== 'home') return understood(header, `menu item ${parsed.data.event_key}`);
        const actor = { platform: 'lark' as const, userId: parsed.data.operator.operator_id.open_id };
        await onFirstDelivery(deps.db, `lark:event:${header.event_id}`, () =>
          sendHomeCard(deps, actor, header.event_id),
        );
        return { status: 200, body: {} };
      }
      default:
        return { status: 200, body: {} };
    }
  }
}

/** The typed command a text message holds, for the metrics; anything else counts as `message`. */
function commandName(message: { message_type: string; content: string }): string {
  if (message.message_type !== 'text') return message.message_type;
  try {
    const text = (JSON.parse(message.content) as { text?: unknown }).text;
    return typeof text === 'string' ? parseChatCommand(text).command : 'message';
  } catch {
    return 'message';
  }
}
