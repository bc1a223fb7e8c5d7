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

/** The text after the customer: options and notes. */
export function visitFieldsFromText(
  rest: Token[],
  today: IsoDate,
  calendar: WorkingCalendar,
): Result<VisitFields> {
  const { options, rest: notes } = extractOptions(rest);
  const parsed = parseVisitOptions(options, today, calendar);
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
