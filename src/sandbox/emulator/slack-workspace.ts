/**
 * The state of the emulated Slack workspace and the Web API methods that read and change it:
 * conversations, messages (with their revisions), ephemeral messages, modal stacks, profiles and
 * trigger ids. It knows nothing of HTTP; `SlackEmulator` serves it and records the calls.
 */
import { EventEmitter } from 'node:events';
import { messageBlockProblems, viewProblems } from './block-kit-limits.ts';
import {
  APP_ID,
  type ApiBody,
  BOT_ID,
  BOT_USER_ID,
  type Conversation,
  DEFAULT_TEAM,
  DEFAULT_WORKSPACE_URL,
  type EphemeralMessage,
  type OpenView,
  type ResponseContext,
  type SeedMessage,
  type StoredMessage,
  type UserProfile,
  type WorkspaceChange,
  type WorkspaceSnapshot,
} from './slack-model.ts';
import {
  compareTs,
  dmChannelFor,
  isRecord,
  isTruthyArg,
  messageContent,
  publicView,
  randomHex,
  revisionOf,
  stringArg,
  viewDefaults,
} from './slack-wire.ts';

/** A trigger id is good for one views.open/push within three seconds (Slack's rule). */
const TRIGGER_TTL_MS = 3000;
/** Slack keeps at most three views on a user's modal stack. */
const VIEW_STACK_LIMIT = 3;

export type WebApiMethod = (args: Record<string, unknown>) => ApiBody;

export type WorkspaceOptions = {
  team?: { id: string; name: string; domain: string };
  /** Base of permalinks and auth.test's `url`. */
  workspaceUrl?: string;
  /** Clock that stamps new messages (ts). Defaults to Date.now. */
  now?: () => number;
  /** How long a trigger id issued by `issueTriggerId` stays usable. */
  triggerTtlMs?: number;
};

interface Trigger {
  user?: string;
  issuedAt?: number;
  used: boolean;
}

/** A new workspace has #general and #random, like a real one. */
const DEFAULT_CHANNELS: Conversation[] = [
  { id: 'C1', kind: 'channel', name: 'general', members: [] },
  { id: 'C2', kind: 'channel', name: 'random', members: [] },
];

export class SlackWorkspace {
  /** Emits 'change' with a WorkspaceChange whenever messages, views or conversations change. */
  readonly events = new EventEmitter<{ change: [WorkspaceChange] }>();
  /** The Web API methods by name, e.g. `api['chat.postMessage'](args)`. */
  readonly api: Record<string, WebApiMethod>;
  readonly team: { id: string; name: string; domain: string };
  private readonly options: WorkspaceOptions;
  private readonly now: () => number;
  private conversations = new Map<string, Conversation>();
  private store = new Map<string, StoredMessage[]>();
  private ephemeralStore: EphemeralMessage[] = [];
  private viewStore = new Map<string, OpenView>();
  private stacks = new Map<string, string[]>();
  private homeViews = new Map<string, Record<string, unknown>>();
  private users = new Map<string, UserProfile>();
  private triggers = new Map<string, Trigger>();
  // Counters are never reset: ts and view ids stay unique across reset(), so a database the
  // service keeps between tests can't collide with ids handed out earlier.
  private lastTsMicros = 0;
  private viewSeq = 0;

  constructor(options: WorkspaceOptions = {}) {
    this.options = options;
    this.team = options.team ?? DEFAULT_TEAM;
    this.now = options.now ?? Date.now;
    for (const channel of DEFAULT_CHANNELS) this.conversations.set(channel.id, structuredClone(channel));
    this.api = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (args) => this.postMessage(args),
      'chat.update': (args) => this.updateMessage(args),
      'chat.delete': (args) => this.deleteMessage(args),
      'chat.postEphemeral': (args) => this.postEphemeral(args),
      'chat.getPermalink': (args) => this.getPermalink(args),
      'conversations.open': (args) => this.openConversation(args),
      'views.open': (args) => this.openView(args, 'views.open'),
      'views.push': (args) => this.openView(args, 'views.push'),
      'views.update': (args) => this.updateView(args),
      'views.publish': (args) => this.publishView(args),
      'users.info': (args) => this.userInfo(args),
    };
  }

  /** A fresh trigger id for an interaction by `user`, usable once within the trigger lifetime. */
  issueTriggerId(user: string): string {
    this.forgetSpentTriggers();
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
    const id = `${digits(13)}.${digits(10)}.${randomHex(32)}`;
    this.triggers.set(id, { user, issuedAt: Date.now(), used: false });
    return id;
  }

  /** Issued triggers pile up in a long-running sandbox; expired ones can go. */
  private forgetSpentTriggers(): void {
    if (this.triggers.size < 1000) return;
    const now = Date.now();
    const ttl = this.options.triggerTtlMs ?? TRIGGER_TTL_MS;
    for (const [id, trigger] of this.triggers)
      if (trigger.issuedAt === undefined || now - trigger.issuedAt > ttl) this.triggers.delete(id);
  }

  /**
   * Current messages in a channel (top-level and thread replies, ordered by ts) with their latest
   * content. A user id ('U…'/'W…') is mapped to its DM channel, like chat.postMessage does.
   */
  messages(channel: string): StoredMessage[] {
    const list = this.store.get(dmChannelFor(channel)) ?? [];
    return structuredClone([...list].sort((a, b) => compareTs(a.ts, b.ts)));
  }

  /** Ephemeral messages so far, optionally in one channel (real Slack never lets anyone read them back). */
  ephemerals(channel?: string): EphemeralMessage[] {
    const list =
      channel === undefined ? this.ephemeralStore : this.ephemeralStore.filter((m) => m.channel === channel);
    return structuredClone(list);
  }

  /** Modal views currently known (latest version of each), in creation order. */
  views(): Record<string, unknown>[] {
    return structuredClone([...this.viewStore.values()].map((open) => open.view));
  }

  /** The modal stack a user sees, bottom first. */
  viewStack(user: string): Record<string, unknown>[] {
    const ids = this.stacks.get(user) ?? [];
    return structuredClone(ids.map((id) => this.viewStore.get(id)?.view).filter(isRecord));
  }

  /** The stored view with this id and who it belongs to. */
  view(id: string): OpenView | undefined {
    const open = this.viewStore.get(id);
    return open === undefined ? undefined : structuredClone(open);
  }

  /** App Home view last published for a user. */
  homeView(userId: string): Record<string, unknown> | undefined {
    const view = this.homeViews.get(userId);
    return view === undefined ? undefined : structuredClone(view);
  }

  /** Conversations a user is in (all channels, their DM with the bot, their group DMs). */
  conversationsOf(user: string): Conversation[] {
    this.ensureIm(user);
    return structuredClone(
      [...this.conversations.values()].filter((c) => c.kind === 'channel' || c.members.includes(user)),
    );
  }

  conversation(id: string): Conversation | undefined {
    const found = this.conversations.get(dmChannelFor(id));
    return found === undefined ? undefined : structuredClone(found);
  }

  /** Puts a message from a human into a channel, e.g. a reply in the thread of an approval. */
  seedMessage(channel: string, message: SeedMessage): StoredMessage {
    const stored = this.storeMessage(dmChannelFor(channel), {
      user: message.user,
      text: message.text,
      blocks: message.blocks,
      thread_ts: message.thread_ts,
    });
    return structuredClone(stored);
  }

  /** Shows a private message to one user, as Slack does with a slash command's immediate answer. */
  addEphemeral(message: Omit<EphemeralMessage, 'message_ts'>): EphemeralMessage {
    const ephemeral: EphemeralMessage = { ...structuredClone(message), message_ts: this.nextTs() };
    this.ephemeralStore.push(ephemeral);
    this.emit({
      kind: 'ephemeral',
      channel: ephemeral.channel,
      user: ephemeral.user,
      ts: ephemeral.message_ts,
    });
    return structuredClone(ephemeral);
  }

  /** The user dismissed a private message ("Only visible to you · Dismiss"). */
  dismissEphemeral(user: string, ts: string): void {
    const before = this.ephemeralStore.length;
    this.ephemeralStore = this.ephemeralStore.filter((m) => !(m.user === user && m.message_ts === ts));
    if (this.ephemeralStore.length !== before) this.emit({ kind: 'ephemeral', user, ts });
  }

  /** Replaces the view on top of a user's stack (a submission answered with `response_action: update`). */
  replaceView(viewId: string, view: Record<string, unknown>): void {
    const current = this.viewStore.get(viewId);
    if (!current) return;
    current.view = { ...current.view, ...viewDefaults(view), ...view, id: viewId, hash: this.nextHash() };
    this.emit({ kind: 'view', ...(current.user ? { user: current.user } : {}) });
  }

  /** Pushes a view onto a user's stack (a submission answered with `response_action: push`). */
  pushView(user: string, view: Record<string, unknown>): void {
    const stack = this.stacks.get(user) ?? [];
    const root = stack[0];
    const stored = this.newView(view, { user, openedBy: 'views.push', trigger: '' });
    if (root !== undefined) {
      stored.view.root_view_id = root;
      stored.view.previous_view_id = stack.at(-1) ?? null;
    }
    this.stacks.set(user, [...stack, String(stored.view.id)]);
    this.emit({ kind: 'view', user });
  }

  /** Closes the top view of a user's stack, or all of them (`response_action: clear`, or Cancel). */
  closeViews(user: string, all = false): void {
    const stack = this.stacks.get(user) ?? [];
    const remaining = all ? [] : stack.slice(0, -1);
    for (const id of stack.slice(remaining.length)) this.viewStore.delete(id);
    if (remaining.length === 0) this.stacks.delete(user);
    else this.stacks.set(user, remaining);
    this.emit({ kind: 'view', user });
  }

  /** Configures the profile users.info returns for this user id. Unknown ids answer user_not_found. */
  setUser(id: string, profile: UserProfile = {}): void {
    this.users.set(id, { ...this.users.get(id), ...profile });
  }

  /** The workspace as data, to be written to disk and handed back to `restore` after a restart. */
  snapshot(): WorkspaceSnapshot {
    return structuredClone({
      version: 1 as const,
      lastTsMicros: this.lastTsMicros,
      viewSeq: this.viewSeq,
      conversations: [...this.conversations.values()],
      messages: [...this.store.values()].flat(),
      users: Object.fromEntries(this.users),
    });
  }

  /**
   * Forgets messages, ephemeral messages, views, profiles and triggers; ids keep increasing.
   * Conversations stay: they are the workspace's channel directory, and an outbox may still post into them.
   */
  reset(): void {
    this.store = new Map();
    this.ephemeralStore = [];
    this.viewStore = new Map();
    this.stacks = new Map();
    this.homeViews = new Map();
    this.users = new Map();
    this.triggers = new Map();
    this.emit({ kind: 'reset' });
  }

  /** Replaces the workspace with a snapshot; ephemeral messages, modals and triggers start empty. */
  restore(snapshot: WorkspaceSnapshot, options: { rewind?: boolean } = {}): void {
    this.reset();
    // A demo started over may go back in time with its clock; otherwise ts only ever grows.
    this.lastTsMicros = options.rewind
      ? snapshot.lastTsMicros
      : Math.max(this.lastTsMicros, snapshot.lastTsMicros);
    this.viewSeq = Math.max(this.viewSeq, snapshot.viewSeq);
    this.conversations = new Map(snapshot.conversations.map((c) => [c.id, structuredClone(c)]));
    for (const channel of DEFAULT_CHANNELS)
      if (!this.conversations.has(channel.id)) this.conversations.set(channel.id, structuredClone(channel));
    for (const message of snapshot.messages) {
      const list = this.store.get(message.channel) ?? [];
      list.push(structuredClone(message));
      this.store.set(message.channel, list);
    }
    this.users = new Map(Object.entries(snapshot.users));
    this.emit({ kind: 'reset' });
  }

  /** What Slack does with a post to a response_url bound to an interaction. */
  respond(context: ResponseContext, args: Record<string, unknown>): ApiBody {
    const content = messageContent(args);
    if ('error' in content) return { ok: false, error: content.error };
    const original = context.messageTs;
    if (isTruthyArg(args.delete_original) && original !== undefined) {
      if (context.ephemeral) this.dismissEphemeral(context.user, original);
      else this.removeMessage(context.channel, original);
      return { ok: true };
    }
    if (isTruthyArg(args.replace_original) && original !== undefined) {
      if (context.ephemeral) {
        const ephemeral = this.ephemeralStore.find(
          (m) => m.user === context.user && m.message_ts === original,
        );
        if (ephemeral) {
          ephemeral.text = content.text;
          ephemeral.blocks = content.blocks;
          this.emit({ kind: 'ephemeral', channel: context.channel, user: context.user, ts: original });
          return { ok: true };
        }
      } else {
        const message = this.findMessage(context.channel, original);
        if (message) {
          message.text = content.text;
          message.blocks = content.blocks;
          message.history.push(revisionOf(message, this.now()));
          this.emit({ kind: 'message_changed', channel: message.channel, ts: message.ts });
          return { ok: true };
        }
      }
    }
    const threadTs = stringArg(args, 'thread_ts') ?? context.threadTs;
    if (args.response_type === 'in_channel') {
      this.storeMessage(context.channel, {
        user: BOT_USER_ID,
        bot_id: BOT_ID,
        ...content,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return { ok: true };
    }
    this.addEphemeral({
      channel: context.channel,
      user: context.user,
      ...content,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { ok: true };
  }

  // --- Web API methods -----------------------------------------------------------------------

  // --- Web API methods -----------------------------------------------------------------------

  private authTest(): ApiBody {
    return {
      ok: true,
      url: this.workspaceUrl(),
      team: this.team.name,
      user: 'accountdesk',
      team_id: this.team.id,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    };
  }

  private postMessage(args: Record<string, unknown>): ApiBody {
    const target = stringArg(args, 'channel');
    const channel = target === undefined ? undefined : this.resolveChannel(target);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const content = this.checkedContent(args);
    if ('error' in content) return content.error;
    const stored = this.storeMessage(channel, {
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      ...content,
      thread_ts: stringArg(args, 'thread_ts'),
      metadata: args.metadata,
    });
    return { ok: true, channel, ts: stored.ts, message: this.toSlackMessage(stored) };
  }

  /** The message a call names by channel and timestamp, or Slack's error for a missing one. */
  private messageAt(
    args: Record<string, unknown>,
    tsArg: 'ts' | 'message_ts',
  ): { message: StoredMessage } | { ok: false; error: string } {
    const target = stringArg(args, 'channel');
    const channel = target === undefined ? undefined : this.resolveChannel(target);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const ts = stringArg(args, tsArg);
    const message = ts === undefined ? undefined : this.findMessage(channel, ts);
    return message ? { message } : { ok: false, error: 'message_not_found' };
  }

  private updateMessage(args: Record<string, unknown>): ApiBody {
    const found = this.messageAt(args, 'ts');
    if ('error' in found) return found;
    const { message } = found;
    // Real Slack refuses to edit other people's messages with this error.
    if (message.user !== BOT_USER_ID) return { ok: false, error: 'cant_update_message' };
    const content = this.checkedContent(args);
    if ('error' in content) return content.error;
    // Like Slack, fields left out of the update keep their previous value.
    if (content.text !== undefined) message.text = content.text;
    if (content.blocks !== undefined) message.blocks = content.blocks;
    if (content.attachments !== undefined) message.attachments = content.attachments;
    if (args.metadata !== undefined) message.metadata = args.metadata;
    message.history.push(revisionOf(message, this.now()));
    this.emit({ kind: 'message_changed', channel: message.channel, ts: message.ts });
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      text: message.text ?? '',
      message: this.toSlackMessage(message),
    };
  }

  private deleteMessage(args: Record<string, unknown>): ApiBody {
    const found = this.messageAt(args, 'ts');
    if ('error' in found) return found;
    const { message } = found;
    if (message.user !== BOT_USER_ID) return { ok: false, error: 'cant_delete_message' };
    this.removeMessage(message.channel, message.ts);
    return { ok: true, channel: message.channel, ts: message.ts };
  }

  private postEphemeral(args: Record<string, unknown>): ApiBody {
    const target = stringArg(args, 'channel');
    const channel = target === undefined ? undefined : this.resolveChannel(target);
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const user = stringArg(args, 'user');
    if (user === undefined) return { ok: false, error: 'user_not_found' };
    const conversation = this.conversations.get(channel);
    if (conversation && conversation.kind !== 'channel' && !conversation.members.includes(user))
      return { ok: false, error: 'user_not_in_channel' };
    const content = this.checkedContent(args);
    if ('error' in content) return content.error;
    const threadTs = stringArg(args, 'thread_ts');
    const ephemeral = this.addEphemeral({
      channel,
      user,
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      ...(content.text !== undefined ? { text: content.text } : {}),
      ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
    });
    return { ok: true, message_ts: ephemeral.message_ts };
  }

  private getPermalink(args: Record<string, unknown>): ApiBody {
    const found = this.messageAt(args, 'message_ts');
    if ('error' in found) return found;
    const { message } = found;
    return {
      ok: true,
      channel: message.channel,
      permalink: `${this.workspaceUrl()}archives/${message.channel}/p${message.ts.replace('.', '')}`,
    };
  }

  private openConversation(args: Record<string, unknown>): ApiBody {
    const existing = stringArg(args, 'channel');
    if (existing !== undefined) {
      const channel = this.resolveChannel(existing);
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

  private openView(args: Record<string, unknown>, method: 'views.open' | 'views.push'): ApiBody {
    const triggerId = stringArg(args, 'trigger_id');
    if (triggerId === undefined) return { ok: false, error: 'invalid_arguments' };
    const view = args.view;
    if (!isRecord(view)) return { ok: false, error: 'invalid_arguments' };
    const problems = viewProblems({ ...viewDefaults(view), ...view });
    if (problems.length > 0)
      return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
    // A trigger the emulator never issued (a test built the payload itself) is taken on trust once.
    const trigger = this.triggers.get(triggerId) ?? { used: false };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    const ttl = this.options.triggerTtlMs ?? TRIGGER_TTL_MS;
    if (trigger.issuedAt !== undefined && Date.now() - trigger.issuedAt > ttl)
      return { ok: false, error: 'expired_trigger_id' };
    const user = trigger.user;
    const stack = user === undefined ? [] : (this.stacks.get(user) ?? []);
    if (method === 'views.push' && stack.length >= VIEW_STACK_LIMIT)
      return { ok: false, error: 'push_limit_reached' };
    trigger.used = true;
    this.triggers.set(triggerId, trigger);
    const stored = this.newView(view, { ...(user ? { user } : {}), openedBy: method, trigger: triggerId });
    if (user !== undefined) {
      const id = String(stored.view.id);
      if (method === 'views.open') {
        for (const old of stack) this.viewStore.delete(old);
        this.stacks.set(user, [id]);
      } else {
        stored.view.root_view_id = stack[0] ?? id;
        stored.view.previous_view_id = stack.at(-1) ?? null;
        this.stacks.set(user, [...stack, id]);
      }
      this.emit({ kind: 'view', user });
    }
    return { ok: true, view: publicView(stored.view) };
  }

  private updateView(args: Record<string, unknown>): ApiBody {
    const view = args.view;
    if (!isRecord(view)) return { ok: false, error: 'invalid_arguments' };
    const viewId = stringArg(args, 'view_id');
    const externalId = stringArg(args, 'external_id');
    let current: OpenView | undefined;
    if (viewId !== undefined) current = this.viewStore.get(viewId);
    else if (externalId !== undefined)
      current = [...this.viewStore.values()].find((v) => v.view.external_id === externalId);
    else return { ok: false, error: 'invalid_arguments' };
    if (!current) return { ok: false, error: 'not_found' };
    const hash = stringArg(args, 'hash');
    if (hash !== undefined && hash !== current.view.hash) return { ok: false, error: 'hash_conflict' };
    const problems = viewProblems({ ...viewDefaults(view), ...view });
    if (problems.length > 0)
      return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
    current.view = {
      ...current.view,
      ...viewDefaults(view),
      ...view,
      id: current.view.id,
      state: current.view.state,
      hash: this.nextHash(),
    };
    this.emit({ kind: 'view', ...(current.user ? { user: current.user } : {}) });
    return { ok: true, view: publicView(current.view) };
  }

  private publishView(args: Record<string, unknown>): ApiBody {
    const userId = stringArg(args, 'user_id');
    const view = args.view;
    if (userId === undefined || !isRecord(view)) return { ok: false, error: 'invalid_arguments' };
    const id = this.homeViews.get(userId)?.id ?? this.nextViewId();
    const stored: Record<string, unknown> = { ...view, id, team_id: this.team.id, hash: this.nextHash() };
    this.homeViews.set(userId, stored);
    this.emit({ kind: 'view', user: userId });
    return { ok: true, view: structuredClone(stored) };
  }

  private userInfo(args: Record<string, unknown>): ApiBody {
    const id = stringArg(args, 'user');
    const profile = id === undefined ? undefined : this.users.get(id);
    if (id === undefined || profile === undefined) return { ok: false, error: 'user_not_found' };
    const name = profile.name ?? id.toLowerCase();
    const realName = profile.real_name ?? name;
    const user: Record<string, unknown> = {
      id,
      team_id: this.team.id,
      name,
      deleted: profile.deleted ?? false,
      real_name: realName,
      // Slack's defaults for a user who never set a time zone.
      tz: profile.tz ?? 'America/Los_Angeles',
      tz_label: profile.tz_label ?? 'Pacific Standard Time',
      tz_offset: profile.tz_offset ?? -28800,
      is_bot: profile.is_bot ?? false,
      profile: { real_name: realName, display_name: name, team: this.team.id },
    };
    // Real Slack only returns `locale` when asked with include_locale=true; mirror that so a
    // service that forgets the flag fails here rather than in production.
    if (isTruthyArg(args.include_locale)) user.locale = profile.locale ?? 'en-US';
    return { ok: true, user };
  }

  // --- store helpers -------------------------------------------------------------------------

  // --- store helpers -------------------------------------------------------------------------

  /** Text, blocks and attachments of a post, or the `ok: false` answer Slack gives for them. */
  private checkedContent(
    args: Record<string, unknown>,
  ): { text?: string; blocks?: unknown[]; attachments?: unknown[] } | { error: ApiBody } {
    const content = messageContent(args);
    if ('error' in content) return { error: { ok: false, error: content.error } };
    if (content.text === undefined && content.blocks === undefined && content.attachments === undefined)
      return { error: { ok: false, error: 'no_text' } };
    const problems = content.blocks ? messageBlockProblems(content.blocks) : [];
    if (problems.length > 0)
      return { error: { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } } };
    return content;
  }

  /**
   * The conversation a channel argument names, or undefined when Slack would answer channel_not_found.
   * A user id means the bot's DM with that user, opened on first use.
   */
  private resolveChannel(target: string): string | undefined {
    if (/^[UW]/.test(target)) return this.ensureIm(target);
    if (/^D[UW]/.test(target)) return this.ensureIm(target.slice(1));
    return this.conversations.has(target) ? target : undefined;
  }

  private ensureIm(user: string): string {
    const id = `D${user}`;
    if (!this.conversations.has(id))
      this.conversations.set(id, { id, kind: 'im', name: user, members: [user] });
    return id;
  }

  private newView(
    view: Record<string, unknown>,
    origin: { user?: string; openedBy: string; trigger: string },
  ): OpenView {
    const id = this.nextViewId();
    const stored: OpenView = {
      ...(origin.user ? { user: origin.user } : {}),
      view: {
        ...viewDefaults(view),
        ...view,
        id,
        team_id: this.team.id,
        app_id: APP_ID,
        bot_id: BOT_ID,
        state: { values: {} },
        hash: this.nextHash(),
        root_view_id: id,
        previous_view_id: null,
        opened_by: origin.openedBy,
        trigger_id: origin.trigger,
      },
    };
    this.viewStore.set(id, stored);
    return stored;
  }

  private storeMessage(
    channel: string,
    input: {
      user: string;
      bot_id?: string;
      text?: string;
      blocks?: unknown[];
      attachments?: unknown[];
      thread_ts?: string;
      metadata?: unknown;
    },
  ): StoredMessage {
    const message: StoredMessage = { channel, ts: this.nextTs(), user: input.user, history: [] };
    if (input.bot_id !== undefined) message.bot_id = input.bot_id;
    if (input.thread_ts !== undefined) message.thread_ts = input.thread_ts;
    if (input.text !== undefined) message.text = input.text;
    if (input.blocks !== undefined) message.blocks = input.blocks;
    if (input.attachments !== undefined) message.attachments = input.attachments;
    if (input.metadata !== undefined) message.metadata = input.metadata;
    message.history.push(revisionOf(message, this.now()));
    const list = this.store.get(channel) ?? [];
    list.push(message);
    this.store.set(channel, list);
    this.emit({ kind: 'message', channel, ts: message.ts });
    return message;
  }

  private findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.store.get(channel)?.find((m) => m.ts === ts);
  }

  private removeMessage(channel: string, ts: string): void {
    const list = this.store.get(channel) ?? [];
    const index = list.findIndex((m) => m.ts === ts);
    if (index < 0) return;
    list.splice(index, 1);
    this.emit({ kind: 'message_deleted', channel, ts });
  }

  /** Slack's ts is the posting time in 'seconds.micros', unique per channel; here unique everywhere. */
  private nextTs(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private nextViewId(): string {
    this.viewSeq += 1;
    return `V${String(this.viewSeq).padStart(10, '0')}`;
  }

  private nextHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomHex(8)}`;
  }

  private workspaceUrl(): string {
    const url = this.options.workspaceUrl ?? DEFAULT_WORKSPACE_URL;
    return url.endsWith('/') ? url : `${url}/`;
  }

  /** The `message` object Slack returns from chat.postMessage / chat.update. */
  private toSlackMessage(message: StoredMessage): Record<string, unknown> {
    const out: Record<string, unknown> = {
      type: 'message',
      user: message.user,
      ts: message.ts,
      team: this.team.id,
      text: message.text ?? '',
    };
    if (message.bot_id !== undefined) {
      out.bot_id = message.bot_id;
      out.app_id = APP_ID;
    }
    if (message.thread_ts !== undefined) out.thread_ts = message.thread_ts;
    if (message.blocks !== undefined) out.blocks = structuredClone(message.blocks);
    if (message.attachments !== undefined) out.attachments = structuredClone(message.attachments);
    if (message.metadata !== undefined) out.metadata = structuredClone(message.metadata);
    return out;
  }

  private emit(change: WorkspaceChange): void {
    this.events.emit('change', change);
  }
}
