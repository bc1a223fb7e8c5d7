/**
 * The response_urls the emulator hands out with interactions, and Slack's limits on them: five
 * posts within thirty minutes, then HTTP 404.
 */
import type { ResponseContext } from './slack-model.ts';

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

interface ResponseUrlState {
  context?: ResponseContext;
  createdAt: number;
  uses: number;
}

export class ResponseUrls {
  private urls = new Map<string, ResponseUrlState>();
  // Never reset, so a tag handed out before reset() can't be mistaken for a new one.
  private tagSeq = 0;

  /** A fresh tag bound to where an interaction happened. */
  create(context: ResponseContext): string {
    this.forgetExpired();
    this.tagSeq += 1;
    const tag = `r${this.tagSeq}-${Math.random().toString(36).slice(2, 10)}`;
    this.urls.set(tag, { context: { ...context }, createdAt: Date.now(), uses: 0 });
    return tag;
  }

  /**
   * Counts one post to the tag's URL at `at`: its context (none for a tag only meant to record
   * posts), or the error Slack answers when the URL is used up or expired.
   */
  use(tag: string, at: number): { context?: ResponseContext } | { error: 'used_url' | 'expired_url' } {
    const state = this.urls.get(tag) ?? { createdAt: at, uses: 0 };
    this.urls.set(tag, state);
    state.uses += 1;
    if (state.uses > RESPONSE_URL_USES) return { error: 'used_url' };
    if (at - state.createdAt > RESPONSE_URL_TTL_MS) return { error: 'expired_url' };
    return state.context ? { context: state.context } : {};
  }

  reset(): void {
    this.urls = new Map();
  }

  /** Response URLs pile up in a long-running sandbox; expired ones can go. */
  private forgetExpired(): void {
    if (this.urls.size < 1000) return;
    const now = Date.now();
    for (const [tag, state] of this.urls)
      if (now - state.createdAt > RESPONSE_URL_TTL_MS) this.urls.delete(tag);
  }
}
