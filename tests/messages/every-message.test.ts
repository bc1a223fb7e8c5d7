/**
 * Every message of both catalogs rendered: a Chinese reader must meet no English word the app
 * wrote (names, commands and codes the reader types are fine), and no text may be left empty.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/config.ts';
import { DISCOUNT_REASONS, parseReason } from '../../src/domain/vocabulary.ts';
import {
  counterForm,
  decisionForm,
  discountForm,
  type Form,
  prospectForm,
  visitForm,
  withdrawForm,
} from '../../src/messages/forms.ts';
import { en } from '../../src/messages/i18n/en.ts';
import { zhCN } from '../../src/messages/i18n/zh-CN.ts';

type Rendered = { path: string; text: string };

/**
 * Parameters hold digits only, so any Latin letter in the output comes from the template. Each
 * message renders with several values (7, 1, 0, missing) so both sides of its conditions show.
 */
const withValue = (value: number | undefined) =>
  new Proxy({} as Record<string, string | number>, {
    get: (_target, key) => (typeof key === 'string' ? value : undefined),
  });
const FILLED = [withValue(7), withValue(1)];
const ALL_BRANCHES = [...FILLED, withValue(0), withValue(undefined)];

function renderAll(node: unknown, path: string, variants: object[], out: Rendered[]): Rendered[] {
  if (typeof node === 'string') out.push({ path, text: node });
  else if (typeof node === 'function')
    for (const params of variants) out.push({ path, text: String(node(params)) });
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node))
      renderAll(value, path ? `${path}.${key}` : key, variants, out);
  return out;
}

/**
 * Words a Chinese reader legitimately sees in Latin letters: the product and platform names,
 * what they type (commands, option keys, reason codes, tiers, CSV headers) and format hints.
 */
const ALLOWED = new Set(
  [
    'AccountDesk',
    'Slack',
    'Lark',
    'CSV',
    'ICS',
    'ID',
    // Sample customer names in examples.
    'Acme',
    'Labs',
  ].map((word) => word.toLowerCase()),
);

/** Latin words outside commands (`/visit`), options (`next:+3d`), placeholders and code spans. */
function englishWords(text: string): string[] {
  const stripped = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\/[a-z-]+/gi, ' ')
    .replace(/\b(?:next|stage|kind|reason|deal|tier)[:：]/gi, ' ')
    .replace(/(?:npx )?accountdesk [a-z -]+/g, ' ')
    .replace(/--[a-z-]+/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/YYYY-MM-DD|HH:MM/g, ' ');
  return (stripped.replace(/undefined/g, ' ').match(/[A-Za-z]{2,}/g) ?? []).filter(
    (word) => !ALLOWED.has(word.toLowerCase()),
  );
}

const zhTexts = renderAll(zhCN, '', ALL_BRANCHES, []);
/** Every parameter a Chinese name, then a Latin one: what sits around a value shows in both. */
const withName = (name: string) => [
  new Proxy({} as Record<string, string>, {
    get: (_target, key) => (typeof key === 'string' ? name : undefined),
  }),
];
const zhWithChineseNames = renderAll(zhCN, '', withName('梅'), []);
const zhWithLatinNames = renderAll(zhCN, '', withName('Riley'), []);
/** Chinese characters and full-width punctuation: no space belongs between two of them. */
const CHINESE = '[\\u3400-\\u9fff，。：；！？、（）“”]';
const enTexts = renderAll(en, '', ALL_BRANCHES, []);
const filled = [...renderAll(en, '', FILLED, []), ...renderAll(zhCN, '', FILLED, [])];

describe('every message in both languages', () => {
  it('both catalogs have the same messages', () => {
    const paths = (texts: Rendered[]) => [...new Set(texts.map((entry) => entry.path))].sort();
    expect(paths(zhTexts)).toEqual(paths(enTexts));
  });

  it('no Chinese message carries English words', () => {
    const offenders = zhTexts
      .map(({ path, text }) => ({ path, words: englishWords(text) }))
      .filter((entry) => entry.words.length > 0);
    expect(offenders).toEqual([]);
  });

  it('no Chinese message puts a space between a Chinese name and the Chinese around it', () => {
    // Two values side by side (a date and a time, a name and a date) keep the space between them.
    const stray = new RegExp(`(?!梅)${CHINESE}[ \\u3000]+梅|梅[ \\u3000]+(?!梅)${CHINESE}`, 'u');
    expect(zhWithChineseNames.filter(({ text }) => stray.test(text))).toEqual([]);
  });

  it('a Latin name in a Chinese message stands apart from the Chinese around it', () => {
    const glued = /[\u3400-\u9fff]Riley|Riley[\u3400-\u9fff]/u;
    expect(zhWithLatinNames.filter(({ text }) => glued.test(text))).toEqual([]);
  });

  it('a misspelt or missing parameter is a type error in either catalog (npm run typecheck)', () => {
    // Without the per-message parameter types these compile, and the member reads "undefined".
    // @ts-expect-error `customr` is not a parameter of withdraw.done
    const misspelt = en.withdraw.done({ id: 7, percent: 5, customr: 'Acme', told: 'Sam' });
    // @ts-expect-error `customer` is missing
    const missing = zhCN.withdraw.done({ id: 7, percent: 5, told: 'Sam' });
    expect(misspelt).toContain('undefined');
    expect(missing).toContain('undefined');
    expect(en.withdraw.done({ id: 7, percent: 5, customer: 'Acme', told: 'Sam' })).toBe(
      'Request #7 (5% for Acme) is withdrawn; told: Sam.',
    );
  });

  it('no English message counts in the machine way, "day(s)"', () => {
    expect(enTexts.filter(({ text }) => /\w\((?:s|es)\)/.test(text))).toEqual([]);
  });

  it('no message renders empty or with an unfilled parameter', () => {
    expect(filled.filter(({ text }) => text.trim() === '')).toEqual([]);
    const broken = filled.filter(
      ({ text }) => text.includes('undefined') || text.includes('NaN') || text.includes('[object'),
    );
    expect(broken).toEqual([]);
  });

  it('the reason words each language shows are words the grammar reads', () => {
    for (const catalog of [en, zhCN])
      for (const reason of DISCOUNT_REASONS) expect(parseReason(catalog.reasonWords[reason])).toBe(reason);
  });

  /** Every form the app opens, in one language: what the platforms draw around the fields comes from here. */
  const everyForm = (locale: Locale): Form[] => [
    visitForm(locale),
    visitForm(
      locale,
      { id: 1, name: '1' },
      { visitId: 1, kind: 'call', stage: null, summary: '1', nextStep: null, next: '2026-12-07' },
    ),
    discountForm(locale),
    decisionForm(locale, 1, 1, 'approved'),
    decisionForm(locale, 1, 1, 'rejected'),
    withdrawForm(locale, 1),
    counterForm(locale, { id: 1, stepNo: 1, percent: 10 }),
    prospectForm(locale),
  ];

  it('every choice in a form says what to choose, in the reader’s language', () => {
    for (const locale of ['en', 'zh-CN'] as const)
      for (const form of everyForm(locale))
        for (const field of form.fields)
          if (field.kind === 'select' || field.kind === 'customer')
            expect(field.placeholder, `${form.id}.${field.id}`).toBeTruthy();
  });

  it('no Chinese form carries English words in its title, buttons, labels, hints or placeholders', () => {
    const words = everyForm('zh-CN').flatMap((form) =>
      [
        form.title,
        form.submit,
        form.cancel,
        ...form.fields.flatMap((field) => [
          field.label,
          field.hint ?? '',
          field.placeholder ?? '',
          ...(field.options ?? []).map((option) => option.label),
        ]),
      ].flatMap((text) => englishWords(text).map((word) => `${form.id}: ${word}`)),
    );
    expect(words).toEqual([]);
  });
});
