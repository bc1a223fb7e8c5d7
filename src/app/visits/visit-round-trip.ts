/**
 * The hot path of `/visit <customer> <notes…>`: the member from this process's memory, the words
 * read every way the name could end, then one statement (visit-statement.ts) that picks the
 * customer and writes everything. Whatever needs more — a member not seen yet, a stale copy, a
 * customer to pick or not found, a mistake in the options — is left to the full path in
 * log-visit.ts, which answers it as before (docs/architecture.md, "One round trip").
 */

import { followUpAfterVisit } from '../../domain/cadence.ts';
import { type IsoDate, localDate } from '../../domain/dates.ts';
import type { Token } from '../../domain/grammar.ts';
import { type NameReadings, nameReadings } from '../../domain/name-readings.ts';
import { TIERS } from '../../domain/vocabulary.ts';
import { isWorkingDate, type WorkingCalendar } from '../../domain/working-time.ts';
import { catalog } from '../../messages/i18n/index.ts';
import type { Message } from '../../messages/model.ts';
import { currentRequest } from '../../request-context.ts';
import type { Actor, AppDeps } from '../context.ts';
import { forgetMember, freshMember, rememberedMember } from '../members/member-cache.ts';
import type { Member } from '../members/members.ts';
import { reachOf } from '../members/reach.ts';
import { calendarOf, loadSettings, type TeamSettings } from '../members/team-settings.ts';
import { writingStatement } from '../transaction.ts';
import { type OptionsMemo, visitFieldsFromText } from './visit-fields.ts';
import { type VisitFields, visitStoredMessage } from './visit-messages.ts';
import { LOG_VISIT } from './visit-statement.ts';

type StatementResult = {
  member: number | null;
  reading: string | null;
  customer: { id: number; name: string } | null;
  visit: { id: number; next: IsoDate } | null;
};

/**
 * What every visit of a day works out from the team's settings: the working calendar, and each
 * tier's next follow-up (JSON, as the statement takes it) by visit date. Kept per settings object,
 * which the settings cache replaces when it reads them again (team-settings.ts), so never stale.
 */
type Derived = { calendar: WorkingCalendar; nextByTier: Map<IsoDate, string> };
const derivedBySettings = new WeakMap<TeamSettings, Derived>();
function derivedFrom(settings: TeamSettings): Derived {
  let derived = derivedBySettings.get(settings);
  if (!derived) {
    derived = { calendar: calendarOf(settings), nextByTier: new Map() };
    derivedBySettings.set(settings, derived);
  }
  return derived;
}

/**
 * Logs the visit in one round trip and answers, or returns undefined for the full path. `tokens`
 * are the command's words; the caller has ruled out subcommands and over-long text.
 */
export async function visitInOneRoundTrip(
  deps: AppDeps,
  actor: Actor,
  tokens: Token[],
  sourceKey: string,
): Promise<Message | undefined> {
  const readings = nameReadings(tokens);
  if (!readings) return undefined;
  const remembered = rememberedMember(deps, actor);
  const member = remembered ?? (await freshMember(deps, actor));
  if (!member) return undefined;
  const answer = await tryStatement(deps, member, readings, sourceKey);
  if (answer !== 'stale') return answer;
  // Changed since this process read it (another replica, an import): read it again, once.
  forgetMember(deps, actor);
  if (!remembered) return undefined;
  const fresh = await freshMember(deps, actor);
  if (!fresh) return undefined;
  const again = await tryStatement(deps, fresh, readings, sourceKey);
  return again === 'stale' ? undefined : again;
}

async function tryStatement(
  deps: AppDeps,
  member: Member,
  readings: NameReadings,
  sourceKey: string,
): Promise<Message | 'stale' | undefined> {
  const settings = await loadSettings(deps.db);
  const derived = derivedFrom(settings);
  const calendar = derived.calendar;
  const now = deps.clock.now();
  const visitedOn = localDate(now, member.zone);
  const fieldsByReading: Record<string, VisitFields> = {};
  // Readings that leave the same words share their rest (nameReadings): each is read once.
  const fieldsByRest = new Map<Token[], VisitFields | undefined>();
  const options: OptionsMemo = new Map();
  for (const [reading, rest] of readings.rests) {
    if (!fieldsByRest.has(rest)) {
      const fields = visitFieldsFromText(rest, visitedOn, calendar, options);
      fieldsByRest.set(rest, fields.ok ? fields.value : undefined);
    }
    const fields = fieldsByRest.get(rest);
    if (fields) fieldsByReading[reading] = fields;
  }
  // No reading leaves valid notes and options: the full path names the mistake.
  if (Object.keys(fieldsByReading).length === 0) return undefined;
  let nextByTier = derived.nextByTier.get(visitedOn);
  if (nextByTier === undefined) {
    nextByTier = JSON.stringify(
      Object.fromEntries(
        TIERS.map((tier) => [tier, followUpAfterVisit(visitedOn, tier, settings.cadence, calendar)]),
      ),
    );
    derived.nextByTier.set(visitedOn, nextByTier);
  }
  const [row] = await writingStatement<{ result: StatementResult }>(
    deps.db,
    LOG_VISIT[reachOf(member.role)],
    [
      member.platform,
      member.userId,
      String(member.version),
      readings.firstWord,
      readings.text,
      JSON.stringify(readings.boundaries),
      JSON.stringify(readings.prefixes),
      String(readings.words),
      JSON.stringify(fieldsByReading),
      nextByTier,
      visitedOn,
      sourceKey,
      now.toISOString(),
      currentRequest()?.requestId ?? null,
    ],
    ([stored]) => stored?.result?.visit != null,
  );
  const result = row?.result;
  if (!result || result.member === null) return 'stale';
  if (!result.reading || !result.customer) return undefined;
  const t = catalog(member.lang).visit;
  if (!result.visit) return { text: t.replay, blocks: [{ type: 'text', text: t.replay }] };
  const fields = fieldsByReading[result.reading]!;
  return visitStoredMessage(member, result.customer, fields, {
    visitId: result.visit.id,
    visitedOn,
    next: result.visit.next,
    nextOffDay: fields.next !== undefined && !isWorkingDate(fields.next, calendar),
  });
}
