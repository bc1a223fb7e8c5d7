import type { AppDeps } from '../../app/context.ts';
import { enqueue } from '../../app/outbox.ts';
import type { Message } from '../../messages/model.ts';
import type { Card } from './card.ts';

/** What Lark expects back from a card callback within 3 s: a toast, and optionally the card's new content. */
export type CardResponse = {
  toast?: { type: 'success' | 'error' | 'info'; content: string };
  card?: { type: 'raw'; data: Card };
};

export const toast = (type: 'success' | 'error' | 'info', content: string): CardResponse => ({
  toast: { type, content: content.slice(0, 300) },
});

/** Answers go privately to the person, as a card, through the outbox. */
export async function replyTo(deps: AppDeps, userId: string, key: string, message: Message): Promise<void> {
  await enqueue(deps.db, [{ key, platform: 'lark', target: { type: 'dm', userId }, message }]);
  deps.outboxQueued();
}
