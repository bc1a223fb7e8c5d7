import { describe, expect, it } from 'vitest';
import { closestNames, matchCustomer, normalizeName } from '../../src/domain/customer-match.ts';
import { tokenize, verbatim } from '../../src/domain/grammar.ts';

const customers = [
  { id: 1, name: 'Acme' },
  { id: 2, name: 'Acme Labs' },
  { id: 3, name: 'Acme Corporation' },
  { id: 4, name: 'Globex' },
  { id: 5, name: '华为技术有限公司' },
  { id: 6, name: '华润' },
];

const match = (text: string, whole = false) => matchCustomer(tokenize(text), customers, whole);

describe('customer matching', () => {
  it('takes the longest full name the text starts with', () => {
    expect(match('acme labs demo went well')).toMatchObject({ kind: 'match', customer: { id: 2 } });
    expect(match('Acme demo')).toMatchObject({ kind: 'match', customer: { id: 1 } });
    const result = match('ACME LABS  demo');
    expect(result.kind === 'match' && result.rest.map((t) => t.text)).toEqual(['demo']);
  });

  it('accepts a unique prefix of words and leaves the rest as notes', () => {
    const result = match('acme corp signed');
    expect(result).toMatchObject({ kind: 'match', customer: { id: 3 } });
    expect(result.kind === 'match' && result.rest.map((t) => t.text)).toEqual(['signed']);
    expect(match('glob follow up')).toMatchObject({ kind: 'match', customer: { id: 4 } });
  });

  it('reports ambiguity with the candidates and how many words were the name', () => {
    expect(match('华 拜访')).toMatchObject({ kind: 'ambiguous', consumed: 1 });
    const whole = match('acm', true);
    expect(whole.kind === 'ambiguous' && whole.candidates.map((c) => c.id).sort()).toEqual([1, 2, 3]);
  });

  it('matches Chinese names with or without a space after them', () => {
    const glued = match('华为技术有限公司拜访采购');
    expect(glued).toMatchObject({ kind: 'match', customer: { id: 5 } });
    expect(glued.kind === 'match' && glued.rest.map((t) => t.text)).toEqual(['拜访采购']);
    expect(match('华润 饭局')).toMatchObject({ kind: 'match', customer: { id: 6 } });
  });

  it('keeps the notes whole after a name typed with a decomposed accent and no space', () => {
    // "e" + U+0301 is one "é" once normalized: counted as two, the notes lost their first character.
    const cafe = [{ id: 7, name: 'Café中国' }];
    for (const typed of ['Café中国拜访了', 'Cafe\u0301中国拜访了']) {
      const result = matchCustomer(tokenize(typed), cafe);
      expect(result.kind === 'match' && verbatim(result.rest), typed).toBe('拜访了');
    }
  });

  it('prefers the exact quoted name even when longer names share it', () => {
    expect(match('"Acme" renewal')).toMatchObject({ kind: 'match', customer: { id: 1 } });
    expect(match('"Acme Co" renewal')).toMatchObject({ kind: 'match', customer: { id: 3 } });
  });

  it('finds nothing, and suggests close names, for typos', () => {
    expect(match('Globx call')).toEqual({ kind: 'none', query: 'Globx' });
    expect(
      closestNames(
        'Globx',
        customers.map((c) => c.name),
      ),
    ).toEqual(['Globex']);
    expect(
      closestNames(
        '华为技术',
        customers.map((c) => c.name),
      )[0],
    ).toBe('华为技术有限公司');
  });

  it('normalizes width, case and spacing', () => {
    expect(normalizeName('  ＡＣＭＥ   Labs ')).toBe('acme labs');
  });
});
