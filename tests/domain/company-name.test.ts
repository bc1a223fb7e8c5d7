import { describe, expect, it } from 'vitest';
import { companyKey, companyKeyPrefix } from '../../src/domain/company-name.ts';
import { addSubcommand, parseProspect } from '../../src/domain/customer-add.ts';
import { tokenize } from '../../src/domain/grammar.ts';

/** Near-duplicate names of companies (docs/domain.md, "Prospects from chat"). */
describe('companyKey', () => {
  it.each([
    ['Acme', 'acme'],
    ['ACME Ltd', 'acme'],
    ['Acme Ltd.', 'acme'],
    ['Acme Limited', 'acme'],
    ['Acme Co., Ltd.', 'acme'],
    ['acme co ltd', 'acme'],
    ['Acme Company', 'acme'],
    ['Acme, Inc.', 'acme'],
    ['Acme Corp', 'acme'],
    ['Acme Corporation', 'acme'],
    ['Acme LLC', 'acme'],
    ['Acme GmbH', 'acme'],
    ['  A.C.M.E.  ', 'acme'],
    ['Acme-Widgets', 'acmewidgets'],
    ['Acme  Widgets', 'acmewidgets'],
  ])('%s → %s', (name, key) => {
    expect(companyKey(name)).toBe(key);
  });

  it('folds full-width letters, digits and brackets to half-width', () => {
    expect(companyKey('ＡＣＭＥ')).toBe('acme');
    expect(companyKey('ＡＣＭＥ　ＬＴＤ．')).toBe('acme');
    expect(companyKey('３Ｍ（中国）有限公司')).toBe(companyKey('3M(中国)有限公司'));
    expect(companyKey('３Ｍ（中国）有限公司')).toBe('3m中国');
  });

  it('strips Chinese legal forms, longest first', () => {
    expect(companyKey('上海明辉贸易有限公司')).toBe('上海明辉贸易');
    expect(companyKey('上海明辉贸易有限责任公司')).toBe('上海明辉贸易');
    expect(companyKey('上海明辉贸易股份有限公司')).toBe('上海明辉贸易');
    expect(companyKey('上海明辉贸易集团')).toBe('上海明辉贸易');
    expect(companyKey('上海明辉贸易集团有限公司')).toBe('上海明辉贸易');
    expect(companyKey('上海明辉贸易公司')).toBe('上海明辉贸易');
    expect(companyKey('上海 明辉 贸易')).toBe('上海明辉贸易');
    expect(companyKey('上海明辉贸易（集团）有限公司')).toBe('上海明辉贸易');
    expect(companyKey('华为技术有限公司')).toBe('华为技术');
  });

  it('handles Chinese names with a Latin legal form and Latin names with a Chinese one', () => {
    expect(companyKey('明辉贸易有限公司 Co., Ltd.')).toBe('明辉贸易');
    expect(companyKey('Acme 有限公司')).toBe('acme');
    expect(companyKey('Acme有限公司')).toBe('acme');
  });

  it('keeps what tells companies apart', () => {
    expect(companyKey('Acme Logistics')).not.toBe(companyKey('Acme'));
    expect(companyKey('上海明辉贸易')).not.toBe(companyKey('北京明辉贸易'));
    // A legal form inside the name is part of it.
    expect(companyKey('Co-op Foods Ltd')).toBe('coopfoods');
  });

  it('never strips a name down to nothing', () => {
    expect(companyKey('Company')).toBe('company');
    expect(companyKey('Ltd')).toBe('ltd');
    expect(companyKey('公司')).toBe('公司');
    expect(companyKey('有限公司')).toBe('有限公司');
    expect(companyKey('...')).toBe('');
  });

  it('prefixes by characters, not UTF-16 units', () => {
    expect(companyKeyPrefix('上海明辉贸易')).toBe('上海明');
    expect(companyKeyPrefix('ab')).toBe('ab');
  });
});

describe('the /customer add grammar', () => {
  const add = (text: string) => addSubcommand(tokenize(text));

  it('is the exact word add, 新增 or 添加 followed by a name', () => {
    expect(add('add Acme Ltd')?.map((t) => t.text)).toEqual(['Acme', 'Ltd']);
    expect(add('ADD Acme')?.map((t) => t.text)).toEqual(['Acme']);
    expect(add('新增 上海明辉贸易有限公司 tier:B')?.map((t) => t.text)).toEqual([
      '上海明辉贸易有限公司',
      'tier:B',
    ]);
    expect(add('添加 华为')?.map((t) => t.text)).toEqual(['华为']);
  });

  it('leaves lookups alone: Addison, a bare add, a quoted "add"', () => {
    expect(add('Addison')).toBeUndefined();
    expect(add('Addison Lee')).toBeUndefined();
    expect(add('add')).toBeUndefined();
    expect(add('"add" Acme')).toBeUndefined();
    expect(add('')).toBeUndefined();
  });

  it('reads the name, quoted or not, and the tier, D by default', () => {
    expect(parseProspect(tokenize('Acme Ltd'))).toEqual({ ok: true, value: { name: 'Acme Ltd', tier: 'D' } });
    expect(parseProspect(tokenize('"Acme tier:X Ltd" tier:b'))).toEqual({
      ok: true,
      value: { name: 'Acme tier:X Ltd', tier: 'B' },
    });
    expect(parseProspect(tokenize('tier：A 上海明辉贸易有限公司'))).toEqual({
      ok: true,
      value: { name: '上海明辉贸易有限公司', tier: 'A' },
    });
  });

  it('refuses a bad tier, a missing name and a paragraph', () => {
    expect(parseProspect(tokenize('Acme tier:E'))).toEqual({
      ok: false,
      error: { code: 'tier_unknown', params: { tier: 'E' } },
    });
    expect(parseProspect(tokenize('tier:B'))).toEqual({
      ok: false,
      error: { code: 'prospect_name_missing' },
    });
    expect(parseProspect(tokenize('x'.repeat(201)))).toMatchObject({
      ok: false,
      error: { code: 'prospect_name_too_long' },
    });
  });
});
