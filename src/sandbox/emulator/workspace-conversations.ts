/**
 * The workspace's channel directory: public channels, the bot's DMs and group DMs, and who is in
 * them. It answers conversations.open and decides what a `channel` argument names.
 */
import type { ApiBody, Conversation, WorkspaceChange } from './slack-model.ts';
import { dmChannelFor, stringArg } from './slack-wire.ts';

/** #general's id: where a workspace's announcements go. */
export const GENERAL_CHANNEL_ID = 'C1';

/** A new workspace has #general and #random, like a real one. */
const DEFAULT_CHANNELS: Conversation[] = [
  { id: GENERAL_CHANNEL_ID, kind: 'channel', name: 'general', members: [] },
  { id: 'C2', kind: 'channel', name: 'random', members: [] },
];

export class ConversationDirectory {
  private conversations = new Map<string, Conversation>();
  private readonly emit: (change: WorkspaceChange) => void;

  constructor(emit: (change: WorkspaceChange) => void) {
    this.emit = emit;
    this.addDefaultChannels();
  }

  /** Conversations a user is in (all channels, their DM with the bot, their group DMs). */
  of(user: string): Conversation[] {
    this.ensureIm(user);
    return structuredClone(
      [...this.conversations.values()].filter((c) => c.kind === 'channel' || c.members.includes(user)),
    );
  }

  get(id: string): Conversation | undefined {
    const found = this.conversations.get(dmChannelFor(id));
    return found === undefined ? undefined : structuredClone(found);
  }

  /** The stored conversation itself (not a copy), for checks inside the workspace. */
  find(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  all(): Conversation[] {
    return [...this.conversations.values()];
  }

  /** Replaces the directory with a snapshot's, keeping the default channels a workspace always has. */
  restore(conversations: Conversation[]): void {
    this.conversations = new Map(conversations.map((c) => [c.id, structuredClone(c)]));
    this.addDefaultChannels();
  }

  /**
   * The conversation a channel argument names, or undefined when Slack would answer channel_not_found.
   * A user id means the bot's DM with that user, opened on first use.
   */
  resolve(target: string): string | undefined {
    if (/^[UW]/.test(target)) return this.ensureIm(target);
    if (/^D[UW]/.test(target)) return this.ensureIm(target.slice(1));
    return this.conversations.has(target) ? target : undefined;
  }

  ensureIm(user: string): string {
    const id = `D${user}`;
    if (!this.conversations.has(id))
      this.conversations.set(id, { id, kind: 'im', name: user, members: [user] });
    return id;
  }

  /** conversations.open: an existing channel, the bot's DM with one user, or a group DM. */
  open(args: Record<string, unknown>): ApiBody {
    const existing = stringArg(args, 'channel');
    if (existing !== undefined) {
      const channel = this.resolve(existing);
      return channel === undefined
        ? { ok: false, error: 'channel_not_found' }
        : { ok: true, channel: { id: channel } };
    }
    const users = [
      ...new Set(
        (stringArg(args, 'users') ?? '')
          .split(',')
          .map((u) => u.trim())
          .filter((u) => u !== ''),
      ),
    ];
    if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
    if (users.some((u) => !/^[UW][A-Z0-9_-]+$/i.test(u))) return { ok: false, error: 'user_not_found' };
    if (users.length === 1) return { ok: true, channel: { id: this.ensureIm(users[0]!) } };
    // Stable ids so a test can predict where a group DM will land.
    const members = [...users].sort();
    const id = `G${members.join('')}`;
    if (!this.conversations.has(id)) {
      this.conversations.set(id, { id, kind: 'mpim', name: `mpdm-${members.join('--')}`, members });
      this.emit({ kind: 'conversation', channel: id });
    }
    return { ok: true, channel: { id } };
  }

  private addDefaultChannels(): void {
    for (const channel of DEFAULT_CHANNELS)
      if (!this.conversations.has(channel.id)) this.conversations.set(channel.id, structuredClone(channel));
  }
}
