/**
 * The workspace's surfaces: modal views and each user's stack of them, App Home views, and the
 * trigger ids that let an app open a modal. Answers views.open/push/update/publish.
 */
import { viewProblems } from './block-kit-limits.ts';
import { APP_ID, type ApiBody, BOT_ID, type OpenView, type WorkspaceChange } from './slack-model.ts';
import { isRecord, publicView, randomHex, stringArg, viewDefaults } from './slack-wire.ts';

/** A trigger id is good for one views.open/push within three seconds (Slack's rule). */
const TRIGGER_TTL_MS = 3000;
/** Slack keeps at most three views on a user's modal stack. */
const VIEW_STACK_LIMIT = 3;

interface Trigger {
  user?: string;
  issuedAt?: number;
  used: boolean;
}

export type ViewStoreOptions = {
  teamId: string;
  triggerTtlMs?: number;
  emit: (change: WorkspaceChange) => void;
};

export class ViewStore {
  private viewStore = new Map<string, OpenView>();
  private stacks = new Map<string, string[]>();
  private homeViews = new Map<string, Record<string, unknown>>();
  private triggers = new Map<string, Trigger>();
  // Never reset: view ids stay unique across reset(), like message ts.
  private viewSeq = 0;
  private readonly teamId: string;
  private readonly ttl: number;
  private readonly emit: (change: WorkspaceChange) => void;

  constructor(options: ViewStoreOptions) {
    this.teamId = options.teamId;
    this.ttl = options.triggerTtlMs ?? TRIGGER_TTL_MS;
    this.emit = options.emit;
  }

  /** A fresh trigger id for an interaction by `user`, usable once within the trigger lifetime. */
  issueTriggerId(user: string): string {
    this.forgetSpentTriggers();
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
    const id = `${digits(13)}.${digits(10)}.${randomHex(32)}`;
    this.triggers.set(id, { user, issuedAt: Date.now(), used: false });
    return id;
  }

  views(): Record<string, unknown>[] {
    return structuredClone([...this.viewStore.values()].map((open) => open.view));
  }

  stackOf(user: string): Record<string, unknown>[] {
    const ids = this.stacks.get(user) ?? [];
    return structuredClone(ids.map((id) => this.viewStore.get(id)?.view).filter(isRecord));
  }

  view(id: string): OpenView | undefined {
    const open = this.viewStore.get(id);
    return open === undefined ? undefined : structuredClone(open);
  }

  homeView(userId: string): Record<string, unknown> | undefined {
    const view = this.homeViews.get(userId);
    return view === undefined ? undefined : structuredClone(view);
  }

  replace(viewId: string, view: Record<string, unknown>): void {
    const current = this.viewStore.get(viewId);
    if (!current) return;
    current.view = { ...current.view, ...viewDefaults(view), ...view, id: viewId, hash: this.nextHash() };
    this.emit({ kind: 'view', ...(current.user ? { user: current.user } : {}) });
  }

  push(user: string, view: Record<string, unknown>): void {
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

  close(user: string, all: boolean): void {
    const stack = this.stacks.get(user) ?? [];
    const remaining = all ? [] : stack.slice(0, -1);
    for (const id of stack.slice(remaining.length)) this.viewStore.delete(id);
    if (remaining.length === 0) this.stacks.delete(user);
    else this.stacks.set(user, remaining);
    this.emit({ kind: 'view', user });
  }

  /** Forgets every view and trigger; view ids keep increasing. */
  clear(): void {
    this.viewStore = new Map();
    this.stacks = new Map();
    this.homeViews = new Map();
    this.triggers = new Map();
  }

  get seq(): number {
    return this.viewSeq;
  }

  /** Takes a snapshot's view counter, never going back. */
  restoreSeq(viewSeq: number): void {
    this.viewSeq = Math.max(this.viewSeq, viewSeq);
  }

  /** views.open and views.push: both spend a trigger; push adds to the stack instead of replacing it. */
  open(args: Record<string, unknown>, method: 'views.open' | 'views.push'): ApiBody {
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
    if (trigger.issuedAt !== undefined && Date.now() - trigger.issuedAt > this.ttl)
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

  /** views.update */
  update(args: Record<string, unknown>): ApiBody {
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

  /** views.publish: a user's App Home. */
  publish(args: Record<string, unknown>): ApiBody {
    const userId = stringArg(args, 'user_id');
    const view = args.view;
    if (userId === undefined || !isRecord(view)) return { ok: false, error: 'invalid_arguments' };
    // Slack checks a published view as it checks a modal: over 100 blocks, and it is refused.
    const problems = viewProblems(view);
    if (problems.length > 0)
      return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
    const id = this.homeViews.get(userId)?.id ?? this.nextViewId();
    // Stored as Slack returns it, so a click in the home carries the same view object a modal's does.
    const stored: Record<string, unknown> = {
      ...viewDefaults({ ...view, type: 'home' }),
      ...view,
      id,
      team_id: this.teamId,
      app_id: APP_ID,
      bot_id: BOT_ID,
      state: { values: {} },
      hash: this.nextHash(),
      root_view_id: id,
      previous_view_id: null,
      app_installed_team_id: this.teamId,
    };
    this.homeViews.set(userId, stored);
    this.emit({ kind: 'view', user: userId });
    return { ok: true, view: structuredClone(stored) };
  }

  /** Issued triggers pile up in a long-running sandbox; expired ones can go. */
  private forgetSpentTriggers(): void {
    if (this.triggers.size < 1000) return;
    const now = Date.now();
    for (const [id, trigger] of this.triggers)
      if (trigger.issuedAt === undefined || now - trigger.issuedAt > this.ttl) this.triggers.delete(id);
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
        team_id: this.teamId,
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

  private nextViewId(): string {
    this.viewSeq += 1;
    return `V${String(this.viewSeq).padStart(10, '0')}`;
  }

  private nextHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomHex(8)}`;
  }
}
