import { and, asc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../app/context.ts';
import { asMember } from '../../app/members/members.ts';
import { members } from '../../db/schema.ts';
import type { People, Person } from '../emulator/people.ts';
import type { SlackEmulator } from '../emulator/slack-emulator.ts';

/** Slack handles are lower-case ASCII; a name written only in Chinese falls back to the user id. */
function handleOf(name: string, userId: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 .-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '.');
  return ascii === '' ? userId.toLowerCase() : ascii;
}

/**
 * The sandbox workspace's people are the team's Slack members: whoever an admin imports appears in
 * the member switcher, and the emulator answers `users.info` for them with their zone and language.
 */
export function createPeople(deps: AppDeps, emulator: SlackEmulator): People {
  let known = new Map<string, Person>();

  return {
    async refresh(): Promise<Person[]> {
      const rows = await deps.db
        .select()
        .from(members)
        .where(and(eq(members.platform, 'slack'), eq(members.active, true)))
        .orderBy(asc(members.id));
      const people = rows.map((row) => {
        const member = asMember(row, deps.defaults);
        return {
          id: row.userId,
          name: row.name,
          handle: handleOf(row.name, row.userId),
          role: row.role,
          locale: member.lang,
          zone: member.zone,
        };
      });
      known = new Map(people.map((person) => [person.id, person]));
      for (const person of people) {
        emulator.setUser(person.id, {
          name: person.handle,
          real_name: person.name,
          tz: person.zone,
          locale: person.locale === 'zh-CN' ? 'zh-CN' : 'en-US',
        });
      }
      return people;
    },
    list(): Person[] {
      return [...known.values()];
    },
    user(id) {
      const person = known.get(id);
      return person ? { id: person.id, name: person.handle } : undefined;
    },
    byHandle(handle) {
      const person = [...known.values()].find((p) => p.handle === handle);
      return person ? { id: person.id, name: person.handle } : undefined;
    },
  };
}
