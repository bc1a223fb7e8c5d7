/** CPU accounting from /proc, to tell this bench's own work from whatever else the machine is doing. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time of the `postgres` processes, including their exited children, ms (0 where /proc is unavailable). */
export function postgresCpuMs(): number {
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
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // After "pid (comm) ": utime, stime, cutime, cstime are fields 14–17 → indexes 11–14 here. The
      // children's times matter: parallel workers exit within the query, and their CPU then moves to the
      // postmaster's cutime/cstime (a backend of another session ending meanwhile is counted too).
      ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
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
    // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
    const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0);
    return ((total - (ticks[3] ?? 0) - (ticks[4] ?? 0)) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Share of all CPUs busy over the next `ms` milliseconds (0…1). */
export async function busyShare(ms: number, cpus: number): Promise<number> {
  const before = machineBusyMs();
  await new Promise((done) => setTimeout(done, ms));
  return (machineBusyMs() - before) / (ms * cpus);
}
