/**
 * What Slack does to the text of a slash command declared with `should_escape: true`: `&`, `<` and
 * `>` become entities and a typed `@handle` of a workspace member becomes `<@U…|handle>` — the only
 * way the app learns whom the text names (e.g. `/accountdesk away 2026-12-15 @dana.wu`).
 */
import type { SlackUser } from './payloads.ts';

const TYPED_MENTION = /(^|\s)@([A-Za-z0-9._-]*[A-Za-z0-9_-])/g;

export function escapeCommandText(text: string, userByHandle: (handle: string) => SlackUser | undefined) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(TYPED_MENTION, (typed, before: string, handle: string) => {
      const user = userByHandle(handle.toLowerCase());
      // Slack leaves an @word that names nobody as typed.
      return user ? `${before}<@${user.id}|${user.name}>` : typed;
    });
}
