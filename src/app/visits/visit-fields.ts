import type { IsoDate } from '../../domain/dates.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import {
  extractOptions,
  parseVisitOptions,
  type Token,
  type VisitOptions,
  verbatim,
} from '../../domain/grammar.ts';
import type { WorkingCalendar } from '../../domain/working-time.ts';
import type { VisitFields } from './visit-messages.ts';

/**
 * Options already read, by their values, for one command read several ways on one day and calendar
 * (visit-round-trip.ts: the same `next:+7d` after each way the name could end).
 */
export type OptionsMemo = Map<string, Result<VisitOptions>>;

/** One option's part of a memo key: absent, or its value by length, so no two sets of values meet. */
const optionKey = (value: string | undefined) => (value === undefined ? '-' : `+${value.length}:${value}`);

/** The text after the customer: options and notes. */
export function visitFieldsFromText(
  rest: Token[],
  today: IsoDate,
  calendar: WorkingCalendar,
  memo?: OptionsMemo,
): Result<VisitFields> {
  const { options, rest: notes } = extractOptions(rest);
  const key = memo && [options.kind, options.stage, options.next].map(optionKey).join('');
  let parsed = key === undefined ? undefined : memo?.get(key);
  if (!parsed) {
    parsed = parseVisitOptions(options, today, calendar);
    if (key !== undefined) memo?.set(key, parsed);
  }
  if (!parsed.ok) return parsed;
  const summary = verbatim(notes);
  if (!summary) return fail('notes_missing');
  const fields: VisitFields = { kind: parsed.value.kind, summary };
  copyOptions(parsed.value, fields);
  return ok(fields);
}

export function copyOptions(options: VisitOptions, fields: VisitFields): void {
  if (options.stage) fields.stage = options.stage;
  if (options.next) fields.next = options.next;
}
