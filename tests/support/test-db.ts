/**
 * A fresh, migrated database per caller: PGlite in memory by default, or a uniquely named database
 * on the DATABASE_URL server (dropped afterwards) so suites never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../src/db/client.ts';

export type TestDatabase = { database: Database; url?: string; drop(): Promise<void> };

/** `migrate: false` leaves it empty, for a test that migrates it its own way (upgrades). */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = openDatabase({ inMemory: true });
    if (migrate) await database.migrate();
    return { database, drop: () => database.close() };
  }
  const name = `accountdesk_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(serverUrl, name);
  const database = openDatabase({ url, poolSize: 4 });
  if (migrate) await database.migrate();
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
