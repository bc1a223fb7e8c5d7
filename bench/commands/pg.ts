/** The local Postgres the benches create their throw-away databases on. */
import postgres from 'postgres';

export function adminUrl(): string {
  const url = new URL(process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`BENCH_POSTGRES_URL must point at the local Postgres, not ${url.hostname}`);
  return url.toString();
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function admin<T>(serverUrl: string, work: (client: postgres.Sql) => Promise<T>): Promise<T> {
  const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(client);
  } finally {
    await client.end({ timeout: 5 });
  }
}
