import { eq, inArray, sql } from 'drizzle-orm';
import type { Platform } from '../app/context.ts';
import { timeZoneSchema } from '../config.ts';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { members } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

export type Profile = { timezone?: string; locale?: string };

/** Reads a member's chat profile; `undefined` when the platform says the user does not exist. */
export type ProfileSource = (userId: string) => Promise<Profile | undefined>;

export type ProfileSync = { start(): void; stop(): void; runOnce(): Promise<number> };

const BATCH = 20;
const REFRESH_AFTER_HOURS = 24;

/**
 * Keeps each member's time zone and language from their chat profile, so replies and morning
 * messages fit them without the admin typing it. Claims rows in the database (SKIP LOCKED), so
 * several instances share the work; a platform error just leaves the row for the next pass.
 */
export function createProfileSync(options: {
  db: Db;
  logger: Logger;
  sources: Partial<Record<Platform, ProfileSource>>;
  intervalMs?: number;
}): ProfileSync {
  const { db, logger, sources } = options;
  const platforms = Object.keys(sources) as Platform[];
  let timer: NodeJS.Timeout | undefined;

  async function claim(): Promise<{ id: number; platform: Platform; user_id: string }[]> {
    if (platforms.length === 0) return [];
    const result = await db.execute(sql`
      update ${members} set profile_synced_at = now()
      where id in (
        select id from ${members}
        where active and platform in (${sql.join(
          platforms.map((p) => sql`${p}`),
          sql`, `,
        )})
          and (profile_synced_at is null or profile_synced_at < now() - (${REFRESH_AFTER_HOURS} * interval '1 hour'))
        order by profile_synced_at nulls first, id
        limit ${BATCH}
        for update skip locked)
      returning id, platform, user_id`);
    return rowsOf(result);
  }

  async function runOnce(): Promise<number> {
    const claimed = await claim();
    let synced = 0;
    for (const [index, member] of claimed.entries()) {
      try {
        const profile = await sources[member.platform]!(member.user_id);
        const zone =
          profile?.timezone && timeZoneSchema.safeParse(profile.timezone).success ? profile.timezone : null;
        await db
          .update(members)
          .set({ platformTimezone: zone, platformLocale: profile?.locale ?? null })
          .where(eq(members.id, member.id));
        synced++;
      } catch (error) {
        // Rate-limited or down: give this row and every one not reached back, and stop this pass.
        const unprocessed = claimed.slice(index).map((row) => row.id);
        await db.update(members).set({ profileSyncedAt: null }).where(inArray(members.id, unprocessed));
        logger.warn({ err: error, memberId: member.id }, 'profile sync deferred');
        break;
      }
    }
    return synced;
  }

  return {
    start() {
      if (timer || platforms.length === 0) return;
      timer = setInterval(() => {
        runOnce().catch((error: unknown) => logger.error({ err: error }, 'profile sync failed'));
      }, options.intervalMs ?? 30_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    runOnce,
  };
}
