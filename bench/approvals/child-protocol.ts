/**
 * What bench/approvals/service.ts answers besides bench/commands' `stats` and `stop`: each request
 * carries an id its answer repeats, and the update feed is pushed without being asked.
 */

/** A `chat.update` the fake answered; `at` is its arrival, Date.now() in the child. */
export type UpdateSeen = { channel: string; ts: string; at: number; ok: boolean };

export type MemorySample = {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Messages the fake stores, and their revisions (each update keeps the previous version). */
  fakeMessages?: number;
  fakeRevisions?: number;
};

export type BenchRequest =
  | { type: 'message'; id: number; channel: string; ts: string }
  | { type: 'memory'; id: number; gc?: boolean; withFake?: boolean }
  | { type: 'reset-fake'; id: number };

export type BenchAnswer =
  | { type: 'message'; id: number; text?: string; blocks?: unknown[] }
  | { type: 'memory' | 'reset-fake'; id: number; sample: MemorySample }
  | { type: 'updates'; updates: UpdateSeen[] };

const hasType = (value: unknown): value is { type: unknown } =>
  typeof value === 'object' && value !== null && 'type' in value;

export function isBenchRequest(value: unknown): value is BenchRequest {
  return (
    hasType(value) && (value.type === 'message' || value.type === 'memory' || value.type === 'reset-fake')
  );
}

export function isBenchAnswer(value: unknown): value is BenchAnswer {
  return (
    hasType(value) &&
    (value.type === 'message' ||
      value.type === 'memory' ||
      value.type === 'reset-fake' ||
      value.type === 'updates')
  );
}
