/** The local Postgres the benches create their throw-away databases on. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time of the running Postgres backends connected to `database` (all `postgres` processes when
 * omitted), ms, from /proc; 0 where /proc is unavailable. Backends name their database in their title.
 */
export function postgresCpuMs(database?: string): number {
  let ticks = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      if (stat.slice(open + 1, close) !== 'postgres') continue;
      if (database && !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      const fields = stat
        .slice(close + 2)
        .split(' ')
        .map(Number);
      // After "pid (comm) ": state is field 3, utime 14, stime 15 → indexes 11 and 12 here.
      ticks += (fields[11] ?? 0) + (fields[12] ?? 0);
    } catch {
      // The process ended while we read it.
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

/** CPU time the whole machine spent busy (all processes, all CPUs), ms, from /proc/stat. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
    const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0);
    return ((total - (ticks[3] ?? 0) - (ticks[4] ?? 0)) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
