import { addDays, type IsoDate, isValidIsoDate } from './dates.ts';
import { fail, ok, type Result } from './errors.ts';
import {
  type DiscountReason,
  type PramStage,
  parseKind,
  parseReason,
  parseStage,
  type VisitKind,
} from './vocabulary.ts';
import { onOrAfterWorkingDate, type WorkingCalendar } from './working-time.ts';

/** Slack shows at most 3,000 characters in a section; longer notes would be cut off for the approver. */
export const MAX_TEXT_LENGTH = 3000;
/** A deal bigger than this is a typo, not a deal. */
export const MAX_AMOUNT = 1_000_000_000_000;
const MAX_NEXT_DAYS = 366 * 2;

/**
 * A word of a command. `raw` is exactly what was typed for it (quotes included) and `gap` the
 * whitespace typed before it, so the member's own words are stored as typed (`verbatim`).
 */
export type Token = { text: string; quoted: boolean; raw?: string; gap?: string };

/** Splits on whitespace (including the ideographic space) and keeps "quoted names" (straight or curly quotes) whole. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /["“”「]([^"“”」]*)["“”」]|(\S+)/gu;
  // The mention markers of the message model are the app's alone (see messages/model.ts).
  const source = input.replace(/[⟦⟧]/g, '');
  let end = 0;
  for (const match of source.matchAll(pattern)) {
    const gap = source.slice(end, match.index);
    end = match.index + match[0].length;
    if (match[1] !== undefined) tokens.push({ text: match[1].trim(), quoted: true, raw: match[0], gap });
    else if (match[2] !== undefined) tokens.push({ text: match[2], quoted: false, raw: match[0], gap });
  }
  return tokens;
}

/**
 * The words as the member typed them: their own spacing, punctuation and quotes (README, "Reps").
 * Where a name or an option was taken out, its neighbours keep the spacing typed before them.
 */
export function verbatim(tokens: readonly Token[]): string {
  return tokens
    .map((token, index) => {
      const raw = token.raw ?? (token.quoted ? `"${token.text}"` : token.text);
      return index === 0 ? raw : `${token.gap ?? ' '}${raw}`;
    })
    .join('')
    .trim();
}

const OPTION = /^(next|stage|kind|reason|deal)[:：](.*)$/i;

type Options = { next?: string; stage?: string; kind?: string; reason?: string; deal?: string };

/** Pulls `key:value` options out of the free text, wherever the rep typed them. */
export function extractOptions(tokens: Token[]): { options: Options; rest: Token[] } {
  const options: Options = {};
  const rest: Token[] = [];
  for (const token of tokens) {
    const match = token.quoted ? null : OPTION.exec(token.text);
    if (match) options[match[1]!.toLowerCase() as keyof Options] = match[2]!;
    else rest.push(token);
  }
  return { options, rest };
}

/**
 * `next:` accepts an ISO date or `+Nd` / `+Nw` relative to today. A relative date is computed, so
 * it rolls forward to a working day; an ISO date is the member's own choice and is kept as typed.
 */
export function parseNextDate(value: string, today: IsoDate, calendar: WorkingCalendar): Result<IsoDate> {
  const relative = /^\+(\d{1,3})([dw天周])?$/i.exec(value.trim());
  if (relative) {
    const unit = relative[2]?.toLowerCase();
    const days = Number(relative[1]) * (unit === 'w' || unit === '周' ? 7 : 1);
    if (days > MAX_NEXT_DAYS) return fail('date_invalid', { value });
    return ok(onOrAfterWorkingDate(addDays(today, days), calendar));
  }
  if (!isValidIsoDate(value)) return fail('date_invalid', { value });
  if (value < today) return fail('date_in_past', { value });
  if (value > addDays(today, MAX_NEXT_DAYS)) return fail('date_invalid', { value });
  return ok(value);
}

export type VisitOptions = { next?: IsoDate; stage?: PramStage; kind: VisitKind };

export function parseVisitOptions(
  options: Options,
  today: IsoDate,
  calendar: WorkingCalendar,
): Result<VisitOptions> {
  const parsed: VisitOptions = { kind: 'visit' };
  if (options.kind !== undefined) {
    const kind = parseKind(options.kind);
    if (!kind) return fail('kind_unknown', { value: options.kind });
    parsed.kind = kind;
  }
  if (options.stage !== undefined) {
    const stage = parseStage(options.stage);
    if (!stage) return fail('stage_unknown', { value: options.stage });
    parsed.stage = stage;
  }
  if (options.next !== undefined) {
    const next = parseNextDate(options.next, today, calendar);
    if (!next.ok) return next;
    parsed.next = next.value;
  }
  return ok(parsed);
}

const PERCENT_TOKEN = /^(.*)[%％]$/;

/** "12", "12.5" → number; anything else (including "12.5.1", "1e2", "-3") is not a percent. */
export function parsePercent(raw: string): Result<number> {
  const text = raw.trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return fail('percent_invalid', { value: `${raw}%` });
  const value = Number(text);
  if (!(value > 0 && value <= 100)) return fail('percent_out_of_range', { value: `${raw}%` });
  return ok(value);
}

const MULTIPLIERS: Record<string, number> = { k: 1e3, m: 1e6, 万: 1e4, 亿: 1e8 };

/** Deal amounts as people type them: 120000, 120,000, 1.2m, 120k, ¥50万. */
export function parseAmount(raw: string): Result<number> {
  const text = raw.trim().replace(/^[$¥￥€£]/, '');
  const match = /^(-?[\d,_]*\.?\d+)([km万亿])?$/i.exec(text);
  if (!match) return fail('amount_invalid', { value: raw });
  const digits = match[1]!.replace(/[,_]/g, '');
  const value = Number(digits) * (MULTIPLIERS[match[2]?.toLowerCase() ?? ''] ?? 1);
  if (!Number.isFinite(value)) return fail('amount_invalid', { value: raw });
  // Rounded to the cent before the range check: "0.001" is less than a cent, not a deal of 0.
  const cents = Math.round(value * 100) / 100;
  if (cents <= 0 || cents > MAX_AMOUNT) return fail('amount_out_of_range', { value: raw, max: MAX_AMOUNT });
  return ok(cents);
}

export type DiscountText = {
  customerTokens: Token[];
  percent: number;
  amount?: number;
  reason?: DiscountReason;
  /** `deal:<ref>`: which deal of the customer the cut is for (a quote or opportunity number). */
  deal?: string;
  justification: string;
};

/** A deal reference is a short label such as Q-2026-114: up to 60 characters, no spaces. */
export const MAX_DEAL_REF = 60;

export function parseDealRef(raw: string): Result<string> {
  const text = raw.trim();
  if (!text || text.length > MAX_DEAL_REF || /\s/.test(text)) return fail('deal_invalid', { value: raw });
  return ok(text);
}

/**
 * The words of a `/discount`. A Chinese name typed straight before the percentage (`华为技术8%`)
 * is two words, as a space would make it: Chinese is written without one.
 */
export function discountTokens(input: string): Token[] {
  return tokenize(input).flatMap((token): Token[] => {
    const glued = token.quoted ? null : /^(.*\p{Script=Han})(\d[\d.,]*[%％])$/u.exec(token.text);
    if (!glued) return [token];
    return [
      { text: glued[1]!, quoted: false, raw: glued[1]!, gap: token.gap ?? '' },
      { text: glued[2]!, quoted: false, raw: glued[2]!, gap: '' },
    ];
  });
}

/**
 * `/discount <customer> <N>% [on <amount>] [deal:<ref>] [reason:<code>] <justification…>`.
 * With `customerKnown` (picked from buttons) the text starts at the percentage.
 */
export function parseDiscountText(input: string, customerKnown = false): Result<DiscountText> {
  if (input.length > MAX_TEXT_LENGTH) return fail('text_too_long', { max: MAX_TEXT_LENGTH });
  const tokens = discountTokens(input);
  const percentAt = tokens.findIndex((token) => !token.quoted && PERCENT_TOKEN.test(token.text));
  if (percentAt === 0 && !customerKnown) return fail('customer_missing');
  if (percentAt < 0) return tokens.length === 0 ? fail('customer_missing') : fail('percent_missing');
  const percent = parsePercent(PERCENT_TOKEN.exec(tokens[percentAt]!.text)![1]!);
  if (!percent.ok) return percent;

  let after = tokens.slice(percentAt + 1);
  let amount: number | undefined;
  const onWord = after[0]?.text.toLowerCase();
  if (onWord === 'on' || onWord === '金额') {
    if (!after[1]) return fail('amount_invalid', { value: '' });
    const parsed = parseAmount(after[1].text);
    if (!parsed.ok) return parsed;
    amount = parsed.value;
    after = after.slice(2);
  }
  const { options, rest } = extractOptions(after);
  let reason: DiscountReason | undefined;
  if (options.reason !== undefined) {
    reason = parseReason(options.reason);
    if (!reason) return fail('reason_unknown', { value: options.reason });
  }
  let deal: string | undefined;
  if (options.deal !== undefined) {
    const parsed = parseDealRef(options.deal);
    if (!parsed.ok) return parsed;
    deal = parsed.value;
  }
  const result: DiscountText = {
    customerTokens: tokens.slice(0, percentAt),
    percent: percent.value,
    justification: verbatim(rest),
  };
  if (amount !== undefined) result.amount = amount;
  if (reason) result.reason = reason;
  if (deal) result.deal = deal;
  return ok(result);
}
