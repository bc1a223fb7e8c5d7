/** How busy the machine is, from /proc (see bench/common/proc-cpu.ts). */
import { machineBusyMs } from '../common/proc-cpu.ts';

/** Share of all CPUs busy over the next `ms` milliseconds (0…1). */
export async function busyShare(ms: number, cpus: number): Promise<number> {
  const before = machineBusyMs();
  await new Promise((done) => setTimeout(done, ms));
  return (machineBusyMs() - before) / (ms * cpus);
}
