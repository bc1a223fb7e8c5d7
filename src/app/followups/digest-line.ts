/**
 * After a hand-over from the team digest, that digest no longer offers the picker for the account:
 * the line is redrawn in place, saying who has it now. The digest is taken as last queued (the
 * original, or the latest redraw after earlier hand-overs from it), so redraws build on each other.
 */
import { desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { outbox } from '../../db/schema.ts';
import type { Block, Message } from '../../messages/model.ts';
import type { Platform } from '../context.ts';
import { enqueue } from '../outbox.ts';

const isLineOf = (block: Block, customerId: number) =>
  block.type === 'userPicker' &&
  (block.value === String(customerId) || block.value.startsWith(`${customerId}|`));

/** Replaces the customer's picker line in the digest sent under `digestKey` with `text`; false if not found. */
export async function strikeDigestLine(
  tx: Db,
  digestKey: string,
  customerId: number,
  text: string,
): Promise<boolean> {
  const [latest] = await tx
    .select({ platform: outbox.platform, message: outbox.message })
    .from(outbox)
    .where(
      or(
        eq(outbox.key, digestKey),
        sql`${outbox.target}->>'type' = 'update' and ${outbox.target}->>'parentKey' = ${digestKey}`,
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(1);
  // Pruned by retention (an old digest), or not a digest we sent: nothing to redraw.
  if (!latest) return false;
  const message = latest.message as Message;
  if (!message.blocks.some((block) => isLineOf(block, customerId))) return false;
  const blocks = message.blocks.map(
    (block): Block => (isLineOf(block, customerId) ? { type: 'text', text } : block),
  );
  await enqueue(tx, [
    {
      key: `${digestKey}:handed:${customerId}`,
      platform: latest.platform as Platform,
      target: { type: 'update', parentKey: digestKey },
      message: { ...message, blocks },
    },
  ]);
  return true;
}
