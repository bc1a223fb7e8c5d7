import { describe, expect, it } from 'vitest';
import { discountCut, priceAfterDiscount } from '../../src/domain/discount-policy.ts';
import { formatMoney } from '../../src/messages/i18n/index.ts';

describe('formatMoney', () => {
  it('writes the ISO code in English, so ¥ is never CNY to one reader and JPY to another', () => {
    expect(formatMoney(120000, 'CNY', 'en')).toBe('CNY 120,000');
    expect(formatMoney(120000, 'USD', 'en')).toBe('USD 120,000');
    expect(formatMoney(120000, 'JPY', 'en')).toBe('JPY 120,000');
  });

  it('uses the Chinese symbols in Chinese: ¥ for CNY, US$ and JP¥ for the others', () => {
    expect(formatMoney(120000, 'CNY', 'zh-CN')).toBe('¥120,000');
    expect(formatMoney(120000, 'USD', 'zh-CN')).toBe('US$120,000');
    expect(formatMoney(120000, 'JPY', 'zh-CN')).toBe('JP¥120,000');
    expect(formatMoney(120000, 'CHF', 'zh-CN')).toBe('CHF 120,000');
  });

  it('drops ".00" on whole amounts and keeps the currency’s decimals otherwise', () => {
    expect(formatMoney(1234.5, 'CNY', 'en')).toBe('CNY 1,234.50');
    expect(formatMoney(1234.56, 'USD', 'zh-CN')).toBe('US$1,234.56');
    expect(formatMoney(1234.999, 'CNY', 'en')).toBe('CNY 1,235');
    // The yen has no minor unit: a fraction is rounded away.
    expect(formatMoney(1234.5, 'JPY', 'en')).toBe('JPY 1,235');
    expect(formatMoney(1234.5, 'JPY', 'zh-CN')).toBe('JP¥1,235');
  });

  it('writes zero and negative amounts', () => {
    expect(formatMoney(0, 'CNY', 'en')).toBe('CNY 0');
    expect(formatMoney(0, 'CNY', 'zh-CN')).toBe('¥0');
    expect(formatMoney(-12000, 'CNY', 'en')).toBe('-CNY 12,000');
    expect(formatMoney(-12000.25, 'USD', 'zh-CN')).toBe('-US$12,000.25');
  });

  it('has no no-break space in it', () => {
    expect(formatMoney(5, 'CHF', 'en')).not.toMatch(/\u00a0/);
  });
});

describe('discountCut', () => {
  it('is the percent of the amount, to the cent', () => {
    expect(discountCut(120000, 10)).toBe(12000);
    expect(discountCut(999.99, 12.5)).toBe(125);
    expect(discountCut(0.1, 33)).toBe(0.03);
    expect(discountCut(120000, 0)).toBe(0);
    expect(discountCut(0, 10)).toBe(0);
  });

  it('always adds up with the price after it to the deal amount', () => {
    for (const [amount, percent] of [
      [999.99, 12.5],
      [0.07, 50],
      [1234.57, 33.3],
      [100000.01, 7.25],
    ] as const) {
      const cut = discountCut(amount, percent);
      expect(Math.round((cut + priceAfterDiscount(amount, percent)) * 100)).toBe(Math.round(amount * 100));
    }
  });
});
