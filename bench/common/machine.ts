/** The machine line every bench report carries, and the load average it started and ended under. */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export function machineLine(postgresVersion?: string): string {
  const pg = postgresVersion ? `, PostgreSQL ${postgresVersion} on 127.0.0.1` : '';
  return `${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}${pg}`;
}

/** "1.23 / 0.98 / 0.75": the 1, 5 and 15 minute load averages, out of availableParallelism() CPUs. */
export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
}
