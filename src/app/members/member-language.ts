/**
 * `/accountdesk language en|zh-CN|auto` (README, "Languages"): the member's own choice, which wins
 * over the admin's CSV and the chat profile; `auto` clears it.
 */
import { eq, sql } from 'drizzle-orm';
import type { Locale } from '../../config.ts';
import { members } from '../../db/schema.ts';
import { catalog, toLocale } from '../../messages/i18n/index.ts';
import { type Message, textMessage } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { notMemberMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';
import { findMember } from './members.ts';

const CHOICES: Record<string, Locale | null> = {
  en: 'en',
  english: 'en',
  英文: 'en',
  英语: 'en',
  zh: 'zh-CN',
  'zh-cn': 'zh-CN',
  chinese: 'zh-CN',
  中文: 'zh-CN',
  简体中文: 'zh-CN',
  auto: null,
  default: null,
  自动: null,
  默认: null,
};

export async function languageCommand(deps: AppDeps, actor: Actor, args: string): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return await notMemberMessage(deps, actor);
  const word = args.trim().toLowerCase();
  const t = catalog(member.lang).language;
  if (word === '') return textMessage(t.current({ language: t.names[member.lang] }));
  if (!Object.hasOwn(CHOICES, word)) return textMessage(t.unknown({ value: args.trim() }));
  const chosen = CHOICES[word] ?? null;
  await transaction(deps.db, async (tx) => {
    await tx
      .update(members)
      .set({ chosenLocale: chosen, updatedAt: sql`now()` })
      .where(eq(members.id, member.id));
    await audit(tx, [
      {
        at: deps.clock.now(),
        actorId: member.id,
        action: 'member.language',
        entity: 'member',
        entityId: member.id,
        before: { chosenLocale: member.chosenLocale },
        after: { chosenLocale: chosen },
      },
    ]);
  });
  if (chosen) return textMessage(catalog(chosen).language.set());
  // Cleared: what the admin's CSV or the profile says now applies.
  const now = toLocale(member.locale ?? member.platformLocale, deps.defaults.locale);
  return textMessage(catalog(now).language.reset({ language: catalog(now).language.names[now] }));
}
