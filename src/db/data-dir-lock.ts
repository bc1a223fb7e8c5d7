import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database is one process's: two processes writing the same PGlite files corrupt
 * them or silently lose rows (an import "succeeds" while the service holds the database, and the
 * row is gone after a restart). A lock file with the owner's pid keeps the second one out.
 */
export class DataDirLocked extends Error {
  override readonly name = 'DataDirLocked';
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dir} is in use by another AccountDesk process (pid ${pid}). ` +
        'Stop the service first, or use PostgreSQL (DATABASE_URL), where every command runs beside the service.',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type DataDirLock = { release(): void };

/** Takes `dir`'s lock for this process, taking over one left by a process that is gone. */
export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, 'accountdesk.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      let held = true;
      return {
        release() {
          if (!held) return;
          held = false;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner))
        throw new DataDirLocked(dir, owner);
      // A crashed owner's lock (or our own, from a database opened twice in one process: the
      // tests' harness does that deliberately) is stale: remove it and try once more.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}
