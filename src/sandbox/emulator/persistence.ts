import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { WorkspaceSnapshot } from './slack-emulator.ts';

/**
 * The sandbox workspace on disk next to the embedded database: the messages Slack would have kept
 * (and the product's outbox refers to by channel + ts) and how far the demo clock was moved. Without
 * it a restart would show an empty workspace whose pending approvals could not be clicked.
 */
export type SandboxState = { clockOffsetMs: number; workspace?: WorkspaceSnapshot };

// Checked loosely: the emulator wrote it, so only a truncated or foreign file is expected to fail.
const stateSchema = z.object({
  version: z.literal(1),
  clockOffsetMs: z.number().min(0),
  workspace: z
    .object({
      version: z.literal(1),
      lastTsMicros: z.number(),
      viewSeq: z.number(),
      conversations: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['channel', 'im', 'mpim']),
          name: z.string(),
          members: z.array(z.string()),
        }),
      ),
      messages: z.array(
        z.looseObject({
          channel: z.string(),
          ts: z.string(),
          user: z.string(),
          history: z.array(z.unknown()),
        }),
      ),
      users: z.record(z.string(), z.looseObject({})),
      files: z
        .array(z.looseObject({ id: z.string(), name: z.string(), length: z.number(), base64: z.string() }))
        .optional(),
    })
    .optional(),
});

export function sandboxStatePath(dataDir: string): string {
  return resolve(dataDir, 'sandbox', 'workspace.json');
}

export function loadSandboxState(path: string, logger: Logger): SandboxState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { clockOffsetMs: 0 };
  }
  try {
    const parsed = stateSchema.parse(JSON.parse(text));
    return {
      clockOffsetMs: parsed.clockOffsetMs,
      ...(parsed.workspace ? { workspace: parsed.workspace as WorkspaceSnapshot } : {}),
    };
  } catch (error) {
    logger.warn(
      { err: error, path },
      'sandbox: the saved workspace is unreadable; starting with an empty one',
    );
    return { clockOffsetMs: 0 };
  }
}

/** Writes atomically (temp file + rename), so a crash mid-write never leaves half a workspace. */
export function saveSandboxState(path: string, state: SandboxState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, JSON.stringify({ version: 1, ...state }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

export function removeSandboxState(path: string): void {
  rmSync(path, { force: true });
}
