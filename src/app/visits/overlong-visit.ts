/**
 * A `/visit` longer than a message can hold (README, "Reps"): instead of refusing it, the visit
 * form opens with everything it can hold filled in, and the full text comes back in a private
 * message to copy from — nothing typed is lost.
 */
import { localDate } from '../../domain/dates.ts';
import {
  extractOptions,
  MAX_TEXT_LENGTH,
  parseVisitOptions,
  tokenize,
  verbatim,
} from '../../domain/grammar.ts';
import { visitForm } from '../../messages/forms.ts';
import { catalog } from '../../messages/i18n/index.ts';
import type { Block } from '../../messages/model.ts';
import type { FormOpening } from '../commands/command-forms.ts';
import type { Actor, AppDeps } from '../context.ts';
import { customerForCommand, joinTokens } from '../customers/command-customer.ts';
import { findMember } from '../members/members.ts';
import { calendarOf, loadSettings } from '../members/team-settings.ts';
import { enqueue } from '../outbox.ts';

/** Undefined when the text fits: the command goes on as usual. */
export async function overlongVisitForm(
  deps: AppDeps,
  actor: Actor,
  text: string,
  sourceKey: string,
): Promise<FormOpening | undefined> {
  if (text.length <= MAX_TEXT_LENGTH) return undefined;
  const member = await findMember(deps, actor);
  if (!member) return undefined;
  const tokens = tokenize(text);
  const found = await customerForCommand(deps, member, {
    cmd: 'visit',
    customerId: undefined,
    tokens,
    wholeQuery: false,
    restAfter: (consumed) => joinTokens(tokens.slice(consumed)),
  });
  const { options, rest } = extractOptions(found.ok ? found.rest : tokens);
  const today = localDate(deps.clock.now(), member.zone);
  const parsed = parseVisitOptions(options, today, calendarOf(await loadSettings(deps.db)));
  const notes = verbatim(rest);
  const t = catalog(member.lang).visit;
  const form = visitForm(member.lang, found.ok ? found.customer : undefined, undefined, {
    ...(parsed.ok ? { kind: parsed.value.kind, stage: parsed.value.stage ?? null } : {}),
    ...(parsed.ok && parsed.value.next ? { next: parsed.value.next } : {}),
    // The platforms' text inputs hold 3,000 characters: the form shows what fits and says so.
    summary: [...notes].slice(0, MAX_TEXT_LENGTH).join(''),
    summaryHint: t.overlongHint({ length: [...notes].length }),
  });
  // The whole text, in pieces a message can show, so the rest can be copied into the form.
  const pieces: Block[] = [];
  for (let at = 0; at < text.length; at += MAX_TEXT_LENGTH)
    pieces.push({ type: 'text', text: text.slice(at, at + MAX_TEXT_LENGTH) });
  const intro = t.overlongCopy({ length: text.length });
  await enqueue(deps.db, [
    {
      key: `visit:overlong:${sourceKey}`,
      platform: member.platform as Actor['platform'],
      target: { type: 'dm', userId: member.userId },
      message: { text: intro, blocks: [{ type: 'text', text: intro }, ...pieces] },
    },
  ]);
  deps.outboxQueued();
  return { ok: true, form };
}
