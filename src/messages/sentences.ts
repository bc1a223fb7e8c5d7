/**
 * Sentences of one message put together: English separates them with a space, Chinese does not — a
 * full-width 。！？ already ends one ("已提交给 Sam 审批。近 30 天…", not "审批。 近 30 天").
 * Decided by how each sentence ends, so callers need not know the reader's language. Empty parts
 * are left out.
 */
export function sentences(...parts: readonly (string | undefined)[]): string {
  let out = '';
  for (const part of parts) {
    if (!part) continue;
    out += out === '' || /[。！？；：）」]$/u.test(out) ? part : ` ${part}`;
  }
  return out;
}
