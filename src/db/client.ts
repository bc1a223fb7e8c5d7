import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema.ts';

/** Either driver behind one type: use cases never know which database they run on. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the migrations not yet applied (a folder of them other than the project's: upgrade tests). */
  migrate(migrationsFolder?: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');
// Any constant works; it only has to be the same in every instance so migrations never run twice at once.
const MIGRATION_LOCK = 7_201_948;

export type DatabaseOptions = { url?: string; dataDir?: string; inMemory?: boolean; poolSize?: number };

export function openDatabase(options: DatabaseOptions): Database {
  return options.url ? openPostgres(options.url, options.poolSize) : openPglite(options);
}

function openPostgres(url: string, poolSize = 10): Database {
  const client = postgres(url, { max: poolSize, onnotice: () => {}, connect_timeout: 5 });
  const db = drizzlePostgres(client, { schema });
  return {
    db,
    kind: 'postgres',
    async migrate(migrationsFolder = MIGRATIONS) {
      // One dedicated connection holds the advisory lock for the whole migration.
      const lockClient = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK})`;
      } finally {
        await lockClient.end();
      }
    },
    ping: () => ping(db),
    close: () => client.end({ timeout: 5 }),
  };
}

function openPglite(options: DatabaseOptions): Database {
  let dataDir: string | undefined;
  let lock: DataDirLock | undefined;
  if (!options.inMemory) {
    dataDir = resolve(options.dataDir ?? './.data', 'pglite');
    mkdirSync(dataDir, { recursive: true });
    lock = lockDataDir(dataDir);
  }
  const client = new PGlite(dataDir);
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'pglite',
    migrate: (migrationsFolder = MIGRATIONS) => migratePglite(db, { migrationsFolder }),
    ping: () => ping(db),
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
