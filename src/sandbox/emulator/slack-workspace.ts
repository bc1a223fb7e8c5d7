/**
 * The state of the emulated Slack workspace and the Web API methods that read and change it. It
 * knows nothing of HTTP; `SlackEmulator` serves it and records the calls. The state lives in three
 * stores — conversations (workspace-conversations.ts), messages (workspace-messages.ts, with
 * chat-methods.ts for what the API allows on them) and views (workspace-views.ts) — and this class
 * joins them into one workspace with one method table, one change feed and one snapshot.
 */
import { EventEmitter } from 'node:events';
import { ChatMethods } from './chat-methods.ts';
import { FileUploads, type FileUrls } from './file-uploads.ts';
import { HistoryMethods } from './history-methods.ts';
import {
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
import { dmChannelFor, isTruthyArg, stringArg } from './slack-wire.ts';
import { ConversationDirectory } from './workspace-conversations.ts';
import { MessageStore } from './workspace-messages.ts';
import { ViewStore } from './workspace-views.ts';

export type WebApiMethod = (args: Record<string, unknown>) => ApiBody;

export type WorkspaceOptions = {
  team?: { id: string; name: string; domain: string };
  /** Base of permalinks and auth.test's `url`. */
  workspaceUrl?: string;
  /** Clock that stamps new messages (ts). Defaults to Date.now. */
  now?: () => number;
  /** How long a trigger id issued by `issueTriggerId` stays usable. */
  triggerTtlMs?: number;
  /** Where uploads go and files are read back (the emulator's own routes). */
  fileUrls?: () => FileUrls;
};

export class SlackWorkspace {
  /** Emits 'change' with a WorkspaceChange whenever messages, views or conversations change. */
  readonly events = new EventEmitter<{ change: [WorkspaceChange] }>();
  /** The Web API methods by name, e.g. `api['chat.postMessage'](args)`. */
  readonly api: Record<string, WebApiMethod>;
  readonly team: { id: string; name: string; domain: string };
  private readonly options: WorkspaceOptions;
  private readonly conversationDirectory: ConversationDirectory;
  private readonly messageStore: MessageStore;
  private readonly viewStore: ViewStore;
  private readonly chat: ChatMethods;
  /** Uploaded files and their bytes (files.getUploadURLExternal / completeUploadExternal). */
  readonly files: FileUploads;
  private users = new Map<string, UserProfile>();

  constructor(options: WorkspaceOptions = {}) {
    this.options = options;
    this.team = options.team ?? DEFAULT_TEAM;
    const emit = (change: WorkspaceChange) => this.emit(change);
    this.conversationDirectory = new ConversationDirectory(emit);
    this.messageStore = new MessageStore(options.now ?? Date.now, emit);
    this.viewStore = new ViewStore({
      teamId: this.team.id,
      ...(options.triggerTtlMs !== undefined ? { triggerTtlMs: options.triggerTtlMs } : {}),
      emit,
    });
    this.chat = new ChatMethods({
      conversations: this.conversationDirectory,
      messages: this.messageStore,
      teamId: this.team.id,
      workspaceUrl: () => this.workspaceUrl(),
    });
    const unrouted = { upload: () => '', download: () => '' };
    this.files = new FileUploads({
      conversations: this.conversationDirectory,
      messages: this.messageStore,
      urls: options.fileUrls ?? (() => unrouted),
      now: options.now ?? Date.now,
    });
    const history = new HistoryMethods(this.conversationDirectory, this.messageStore, (m) =>
      this.chat.toSlackMessage(m),
    );
    this.api = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (args) => this.chat.postMessage(args),
      'chat.update': (args) => this.chat.update(args),
      'chat.delete': (args) => this.chat.delete(args),
      'chat.postEphemeral': (args) => this.chat.postEphemeral(args),
      'chat.getPermalink': (args) => this.chat.getPermalink(args),
      'conversations.open': (args) => this.conversationDirectory.open(args),
      'conversations.history': (args) => history.history(args),
      'conversations.replies': (args) => history.replies(args),
      'views.open': (args) => this.viewStore.open(args, 'views.open'),
      'views.push': (args) => this.viewStore.open(args, 'views.push'),
      'views.update': (args) => this.viewStore.update(args),
      'views.publish': (args) => this.viewStore.publish(args),
      'users.info': (args) => this.userInfo(args),
      'files.getUploadURLExternal': (args) => this.files.getUploadURL(args),
      'files.completeUploadExternal': (args) => this.files.complete(args),
    };
  }

  /** A fresh trigger id for an interaction by `user`, usable once within the trigger lifetime. */
  issueTriggerId(user: string): string {
    return this.viewStore.issueTriggerId(user);
  }

  /**
   * Current messages in a channel (top-level and thread replies, ordered by ts) with their latest
   * content. A user id ('U…'/'W…') is mapped to its DM channel, like chat.postMessage does.
   */
  messages(channel: string): StoredMessage[] {
    return this.messageStore.list(dmChannelFor(channel));
  }

  /** Ephemeral messages so far, optionally in one channel (real Slack never lets anyone read them back). */
  ephemerals(channel?: string): EphemeralMessage[] {
    return this.messageStore.ephemerals(channel);
  }

  /** Modal views currently known (latest version of each), in creation order. */
  views(): Record<string, unknown>[] {
    return this.viewStore.views();
  }

  /** The modal stack a user sees, bottom first. */
  viewStack(user: string): Record<string, unknown>[] {
    return this.viewStore.stackOf(user);
  }

  /** The stored view with this id and who it belongs to. */
  view(id: string): OpenView | undefined {
    return this.viewStore.view(id);
  }

  /** App Home view last published for a user. */
  homeView(userId: string): Record<string, unknown> | undefined {
    return this.viewStore.homeView(userId);
  }

  /** Conversations a user is in (all channels, their DM with the bot, their group DMs). */
  conversationsOf(user: string): Conversation[] {
    return this.conversationDirectory.of(user);
  }

  conversation(id: string): Conversation | undefined {
    return this.conversationDirectory.get(id);
  }

  /** Puts a message from a human into a channel, e.g. a reply in the thread of an approval. */
  seedMessage(channel: string, message: SeedMessage): StoredMessage {
    const stored = this.messageStore.add(dmChannelFor(channel), {
      user: message.user,
      text: message.text,
      blocks: message.blocks,
      thread_ts: message.thread_ts,
    });
    return structuredClone(stored);
  }

  /** Shows a private message to one user, as Slack does with a slash command's immediate answer. */
  addEphemeral(message: Omit<EphemeralMessage, 'message_ts'>): EphemeralMessage {
    return this.messageStore.addEphemeral(message);
  }

  /** The user dismissed a private message ("Only visible to you · Dismiss"). */
  dismissEphemeral(user: string, ts: string): void {
    this.messageStore.dismissEphemeral(user, ts);
  }

  /** Replaces the view on top of a user's stack (a submission answered with `response_action: update`). */
  replaceView(viewId: string, view: Record<string, unknown>): void {
    this.viewStore.replace(viewId, view);
  }

  /** Pushes a view onto a user's stack (a submission answered with `response_action: push`). */
  pushView(user: string, view: Record<string, unknown>): void {
    this.viewStore.push(user, view);
  }

  /** Closes the top view of a user's stack, or all of them (`response_action: clear`, or Cancel). */
  closeViews(user: string, all = false): void {
    this.viewStore.close(user, all);
  }

  /** Configures the profile users.info returns for this user id. Unknown ids answer user_not_found. */
  setUser(id: string, profile: UserProfile = {}): void {
    this.users.set(id, { ...this.users.get(id), ...profile });
  }

  /** The workspace as data, to be written to disk and handed back to `restore` after a restart. */
  snapshot(): WorkspaceSnapshot {
    return structuredClone({
      version: 1 as const,
      lastTsMicros: this.messageStore.clock,
      viewSeq: this.viewStore.seq,
      conversations: this.conversationDirectory.all(),
      messages: this.messageStore.all(),
      users: Object.fromEntries(this.users),
      files: this.files.save(),
    });
  }

  /**
   * Forgets messages, ephemeral messages, views, profiles and triggers; ids keep increasing.
   * Conversations stay: they are the workspace's channel directory, and an outbox may still post into them.
   */
  reset(): void {
    this.messageStore.clear();
    this.viewStore.clear();
    this.files.clear();
    this.users = new Map();
    this.emit({ kind: 'reset' });
  }

  /** Replaces the workspace with a snapshot; ephemeral messages, modals and triggers start empty. */
  restore(snapshot: WorkspaceSnapshot, options: { rewind?: boolean } = {}): void {
    this.reset();
    // A demo started over may go back in time with its clock; otherwise ts only ever grows.
    this.messageStore.restore(snapshot.messages, snapshot.lastTsMicros, options.rewind === true);
    this.viewStore.restoreSeq(snapshot.viewSeq);
    this.conversationDirectory.restore(snapshot.conversations);
    this.users = new Map(Object.entries(snapshot.users));
    this.files.restore(snapshot.files ?? []);
    this.emit({ kind: 'reset' });
  }

  /** What Slack does with a post to a response_url bound to an interaction. */
  respond(context: ResponseContext, args: Record<string, unknown>): ApiBody {
    return this.chat.respond(context, args);
  }

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

  private workspaceUrl(): string {
    const url = this.options.workspaceUrl ?? DEFAULT_WORKSPACE_URL;
    return url.endsWith('/') ? url : `${url}/`;
  }

  private emit(change: WorkspaceChange): void {
    this.events.emit('change', change);
  }
}
