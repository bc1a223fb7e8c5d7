/**
 * CPU accounting from /proc, to tell a bench's own work from whatever else the machine is doing.
 * Shared by bench:commands and bench:digest; every figure is 0 where /proc is unavailable.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export type PostgresCpuOptions = {
  /** Only backends connected to this database (backends name it in their title); all when unset. */
  database?: string;
  /**
   * Count the times of exited children too (cutime, cstime). Parallel workers exit within the query
   * and their CPU then moves to the postmaster's; a backend of another session ending meanwhile is
   * counted as well, so leave it off where only live backends of one database matter.
   */
  withExitedChildren?: boolean;
};

/** CPU time of the `postgres` processes, ms. */
export function postgresCpuMs(options: PostgresCpuOptions = {}): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  // After "pid (comm) ": utime, stime, cutime, cstime are fields 14–17 → indexes 11–14 of the rest.
  const fieldIndexes = options.withExitedChildren ? [11, 12, 13, 14] : [11, 12];
  let ticks = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      if (
        options.database &&
        !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${options.database} `)
      )
        continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += fieldIndexes.reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
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
