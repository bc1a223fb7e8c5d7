/**
 * The workspace's messages: what each channel holds (with every revision), the private messages
 * shown to one user, and the ts clock that names them. What the Web API lets a caller do with
 * them is chat-methods.ts's business.
 */
import type { EphemeralMessage, StoredMessage, WorkspaceChange } from './slack-model.ts';
import { compareTs, revisionOf } from './slack-wire.ts';

export type NewMessage = {
  user: string;
  bot_id?: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  metadata?: unknown;
  files?: Record<string, unknown>[];
};

export class MessageStore {
  private byChannel = new Map<string, StoredMessage[]>();
  private ephemeralList: EphemeralMessage[] = [];
  // Never reset: ts stay unique across reset(), so a database the service keeps between tests
  // can't collide with ids handed out earlier.
  private lastTsMicros = 0;
  private readonly now: () => number;
  private readonly emit: (change: WorkspaceChange) => void;

  constructor(now: () => number, emit: (change: WorkspaceChange) => void) {
    this.now = now;
    this.emit = emit;
  }

  /** A channel's messages ordered by ts, as copies. */
  list(channel: string): StoredMessage[] {
    const list = this.byChannel.get(channel) ?? [];
    return structuredClone([...list].sort((a, b) => compareTs(a.ts, b.ts)));
  }

  /** Every stored message, in no particular order (for snapshots). */
  all(): StoredMessage[] {
    return [...this.byChannel.values()].flat();
  }

  ephemerals(channel?: string): EphemeralMessage[] {
    const list =
      channel === undefined ? this.ephemeralList : this.ephemeralList.filter((m) => m.channel === channel);
    return structuredClone(list);
  }

  add(channel: string, input: NewMessage): StoredMessage {
    const message: StoredMessage = { channel, ts: this.nextTs(), user: input.user, history: [] };
    if (input.bot_id !== undefined) message.bot_id = input.bot_id;
    if (input.thread_ts !== undefined) message.thread_ts = input.thread_ts;
    if (input.text !== undefined) message.text = input.text;
    if (input.blocks !== undefined) message.blocks = input.blocks;
    if (input.attachments !== undefined) message.attachments = input.attachments;
    if (input.metadata !== undefined) message.metadata = input.metadata;
    if (input.files !== undefined) message.files = input.files;
    message.history.push(revisionOf(message, this.now()));
    this.put(message);
    this.emit({ kind: 'message', channel, ts: message.ts });
    return message;
  }

  /** The stored message itself (not a copy), to be changed in place. */
  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** Records a change made to a message found with `find` as a new revision. */
  revised(message: StoredMessage): void {
    message.history.push(revisionOf(message, this.now()));
    this.emit({ kind: 'message_changed', channel: message.channel, ts: message.ts });
  }

  remove(channel: string, ts: string): void {
    const list = this.byChannel.get(channel) ?? [];
    const index = list.findIndex((m) => m.ts === ts);
    if (index < 0) return;
    list.splice(index, 1);
    this.emit({ kind: 'message_deleted', channel, ts });
  }

  addEphemeral(message: Omit<EphemeralMessage, 'message_ts'>): EphemeralMessage {
    const ephemeral: EphemeralMessage = { ...structuredClone(message), message_ts: this.nextTs() };
    this.ephemeralList.push(ephemeral);
    this.emit({
      kind: 'ephemeral',
      channel: ephemeral.channel,
      user: ephemeral.user,
      ts: ephemeral.message_ts,
    });
    return structuredClone(ephemeral);
  }

  /** The stored private message itself (not a copy), to be changed in place. */
  findEphemeral(user: string, ts: string): EphemeralMessage | undefined {
    return this.ephemeralList.find((m) => m.user === user && m.message_ts === ts);
  }

  /** Announces a change made to a private message found with `findEphemeral`. */
  changedEphemeral(channel: string, user: string, ts: string): void {
    this.emit({ kind: 'ephemeral', channel, user, ts });
  }

  dismissEphemeral(user: string, ts: string): void {
    const before = this.ephemeralList.length;
    this.ephemeralList = this.ephemeralList.filter((m) => !(m.user === user && m.message_ts === ts));
    if (this.ephemeralList.length !== before) this.emit({ kind: 'ephemeral', user, ts });
  }

  /** Forgets every message; the ts clock keeps running. */
  clear(): void {
    this.byChannel = new Map();
    this.ephemeralList = [];
  }

  get clock(): number {
    return this.lastTsMicros;
  }

  /** Takes a snapshot's messages and clock (`rewind` lets the clock go back, for a demo started over). */
  restore(messages: StoredMessage[], lastTsMicros: number, rewind: boolean): void {
    this.lastTsMicros = rewind ? lastTsMicros : Math.max(this.lastTsMicros, lastTsMicros);
    for (const message of messages) this.put(structuredClone(message));
  }

  private put(message: StoredMessage): void {
    const list = this.byChannel.get(message.channel) ?? [];
    list.push(message);
    this.byChannel.set(message.channel, list);
  }

  /** Slack's ts is the posting time in 'seconds.micros', unique per channel; here unique everywhere. */
  private nextTs(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }
}
