import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';

/** Opens the configured database for one command, brings its tables up to date, and closes it after. */
export async function withDatabase<T>(config: Config, use: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    await database.migrate();
    return await use(database);
  } finally {
    await database.close();
  }
}

export function describeDatabase(config: Config): string {
  return config.DATABASE_URL ? 'Postgres' : `the embedded database in ${resolve(config.DATA_DIR)}`;
}
