import { describe, expect, it } from 'vitest';
import { matchCustomer } from '../../src/domain/customer-match.ts';
import { tokenize } from '../../src/domain/grammar.ts';
import { nameReadings } from '../../src/domain/name-readings.ts';

/**
 * The ways a `/visit`'s words can split into a name and the rest (src/domain/name-readings.ts), as
 * the one-statement path sends them: each rest as typed, and one array for readings that leave the
 * same words, so the notes and options after them are read once.
 */
const restTexts = (rests: Map<string, { text: string }[]>) =>
  Object.fromEntries(
    [...rests].map(([reading, rest]) => [reading, rest.map((token) => token.text).join(' ')]),
  );

describe('the readings of a command', () => {
  it('splits spaced words after each word and at each word end, sharing the rests they have in common', () => {
    const readings = nameReadings(tokenize('Customer 0001 Ltd met procurement next:+7d'))!;
    expect(readings.firstWord).toBe('customer');
    expect(readings.prefixes.slice(0, 3)).toEqual(['customer', 'customer 0001', 'customer 0001 ltd']);
    expect(readings.boundaries).toEqual([8, 13, 17, 21, 33, 42].filter((length) => length <= 40));
    expect(restTexts(readings.rests)).toMatchObject({
      'p:3': 'met procurement next:+7d',
      'w:17': 'met procurement next:+7d',
      'p:6': '',
    });
    expect(readings.rests.get('w:17')).toBe(readings.rests.get('p:3'));
    expect(readings.rests.get('w:8')).toBe(readings.rests.get('p:1'));
    expect(new Set(readings.rests.values()).size).toBe(6);
  });

  it('splits Chinese inside a word, keeping the tail as typed', () => {
    const readings = nameReadings(tokenize('上海华东 拜访，采购部'))!;
    expect(readings.text).toBe('上海华东 拜访,采购部');
    expect(restTexts(readings.rests)).toMatchObject({
      'w:1': '海华东 拜访，采购部',
      'w:4': '拜访，采购部',
      'w:5': '拜访，采购部',
      'w:7': '，采购部',
      'p:1': '拜访，采购部',
    });
    // The name that ends with the first word and the one that takes the space after it leave the same words.
    expect(readings.rests.get('w:4')).toBe(readings.rests.get('p:1'));
    expect(readings.rests.get('w:5')).toBe(readings.rests.get('p:1'));
  });

  it('never ends a name on an empty quote: the quote stays with the notes, and the one-statement path steps aside', () => {
    // `「”` is read as an empty quoted word; as the last word of the name it added nothing, yet took
    // the notes with it, so a pick from buttons stored a visit without them (found by the property
    // test in tests/visits/visit-verbatim-properties.test.ts).
    const acme = [
      { id: 1, name: 'Acme Labs' },
      { id: 2, name: 'Acme Corporation' },
    ];
    const ambiguous = matchCustomer(tokenize('acme 「” '), acme);
    expect(ambiguous).toMatchObject({ kind: 'ambiguous', query: 'acme', consumed: 1 });
    const named = matchCustomer(tokenize('acme labs "" met them'), acme);
    expect(named).toMatchObject({ kind: 'match', customer: { id: 1 } });
    expect(named.kind === 'match' && named.rest.map((token) => token.raw ?? token.text)).toEqual([
      '""',
      'met',
      'them',
    ]);
    expect(nameReadings(tokenize('acme 「” '))).toBeUndefined();
    expect(nameReadings(tokenize('acme labs met them'))).toBeDefined();
  });
});
