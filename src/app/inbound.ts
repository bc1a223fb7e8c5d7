import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { inboundEvents } from '../db/schema.ts';

/**
 * Runs `handle` unless this delivery `key` was handled before (Lark redelivers events, even after a
 * restart). The key is written once handling succeeded, so a crash or an error mid-way leaves the
 * platform's redelivery free to try again; the use cases themselves are idempotent (source keys,
 * conditional updates), so a redelivery racing a slow first attempt changes nothing twice.
 */
export async function onFirstDelivery<T>(
  db: Db,
  key: string,
  handle: () => Promise<T>,
): Promise<T | undefined> {
  const [seen] = await db
    .select({ key: inboundEvents.key })
    .from(inboundEvents)
    .where(eq(inboundEvents.key, key));
  if (seen) return undefined;
  const result = await handle();
  await db.insert(inboundEvents).values({ key }).onConflictDoNothing();
  return result;
}
