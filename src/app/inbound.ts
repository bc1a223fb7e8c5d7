import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { inboundEvents } from '../db/schema.ts';

/**
 * Runs `handle` for the first delivery of `key` only (Lark redelivers events, even after a restart).
 * If handling fails the key is released, so the platform's retry gets another chance.
 */
export async function onFirstDelivery<T>(
  db: Db,
  key: string,
  handle: () => Promise<T>,
): Promise<T | undefined> {
  const inserted = await db
    .insert(inboundEvents)
    .values({ key })
    .onConflictDoNothing()
    .returning({ key: inboundEvents.key });
  if (inserted.length === 0) return undefined;
  try {
    return await handle();
  } catch (error) {
    await db.delete(inboundEvents).where(eq(inboundEvents.key, key));
    throw error;
  }
}
