import { describe, expect, it } from 'vitest';
import { parseChatCommand } from '../../src/domain/chat-command.ts';
import {
  parseAmount,
  parseDiscountText,
  parseNextDate,
  parsePercent,
  tokenize,
} from '../../src/domain/grammar.ts';
import { DEFAULT_CALENDAR } from '../../src/domain/working-time.ts';

describe('command grammar', () => {
  it('keeps quoted names whole, with straight, curly and corner quotes', () => {
    expect(tokenize('"Acme Labs" demo')).toMatchObject([
      { text: 'Acme Labs', quoted: true },
      { text: 'demo', quoted: false },
    ]);
    expect(tokenize('“Acme Labs” demo')[0]).toMatchObject({ text: 'Acme Labs', quoted: true });
    expect(tokenize('「华为 技术」 拜访')[0]).toMatchObject({ text: '华为 技术', quoted: true });
    expect(tokenize('华为\u3000拜访').map((t) => t.text)).toEqual(['华为', '拜访']);
  });

  it('parses percentages in (0, 100] with up to two decimals', () => {
    expect(parsePercent('12.5')).toEqual({ ok: true, value: 12.5 });
    expect(parsePercent('100')).toEqual({ ok: true, value: 100 });
    expect(parsePercent('0')).toMatchObject({ ok: false, error: { code: 'percent_out_of_range' } });
    expect(parsePercent('100.01')).toMatchObject({ ok: false, error: { code: 'percent_out_of_range' } });
    for (const bad of ['-5', '1e1', 'ten', '12.345', '', '５']) {
      expect(parsePercent(bad), bad).toMatchObject({ ok: false, error: { code: 'percent_invalid' } });
    }
  });

  it('parses amounts the way people type them', () => {
    expect(parseAmount('120,000')).toEqual({ ok: true, value: 120000 });
    expect(parseAmount('1.2m')).toEqual({ ok: true, value: 1200000 });
    expect(parseAmount('¥12万')).toEqual({ ok: true, value: 120000 });
    expect(parseAmount('99.999')).toEqual({ ok: true, value: 100 });
    expect(parseAmount('0')).toMatchObject({ ok: false, error: { code: 'amount_out_of_range' } });
    expect(parseAmount('-1')).toMatchObject({ ok: false, error: { code: 'amount_out_of_range' } });
    expect(parseAmount('2000000000000')).toMatchObject({ ok: false, error: { code: 'amount_out_of_range' } });
    expect(parseAmount('lots')).toMatchObject({ ok: false, error: { code: 'amount_invalid' } });
    // Less than a cent is not a deal: it used to pass the range check and come back as an amount of 0.
    expect(parseAmount('0.001')).toMatchObject({ ok: false, error: { code: 'amount_out_of_range' } });
    expect(parseAmount('.0006')).toMatchObject({ ok: false, error: { code: 'amount_out_of_range' } });
    expect(parseAmount('0.005')).toEqual({ ok: true, value: 0.01 });
  });

  it('reads next: as a date or a number of days or weeks from today', () => {
    const week = DEFAULT_CALENDAR;
    expect(parseNextDate('+3d', '2026-11-20', week)).toEqual({ ok: true, value: '2026-11-23' });
    expect(parseNextDate('+2w', '2026-11-20', week)).toEqual({ ok: true, value: '2026-12-04' });
    expect(parseNextDate('+5', '2026-11-20', week)).toEqual({ ok: true, value: '2026-11-25' });
    expect(parseNextDate('2026-11-20', '2026-11-20', week)).toEqual({ ok: true, value: '2026-11-20' });
    expect(parseNextDate('2026-11-19', '2026-11-20', week)).toMatchObject({
      ok: false,
      error: { code: 'date_in_past' },
    });
    expect(parseNextDate('2026-13-01', '2026-11-20', week)).toMatchObject({
      ok: false,
      error: { code: 'date_invalid' },
    });
    expect(parseNextDate('+999d', '2026-11-20', week)).toMatchObject({
      ok: false,
      error: { code: 'date_invalid' },
    });
  });

  it('rolls a relative next: forward to a working day, and keeps a date typed out', () => {
    const wednesday = '2026-11-25';
    expect(parseNextDate('+3d', wednesday, DEFAULT_CALENDAR)).toEqual({ ok: true, value: '2026-11-30' });
    const holidays = { ...DEFAULT_CALENDAR, holidays: new Set(['2026-11-30', '2026-12-01']) };
    expect(parseNextDate('+3d', wednesday, holidays)).toEqual({ ok: true, value: '2026-12-02' });
    const makeUp = { ...DEFAULT_CALENDAR, extraWorkingDays: new Set(['2026-11-28']) };
    expect(parseNextDate('+3d', wednesday, makeUp)).toEqual({ ok: true, value: '2026-11-28' });
    // A date the member chose is theirs, even a Saturday; the answer flags it.
    expect(parseNextDate('2026-11-28', wednesday, DEFAULT_CALENDAR)).toEqual({
      ok: true,
      value: '2026-11-28',
    });
  });

  it('splits a discount command into customer, percent, amount, reason and justification', () => {
    const parsed = parseDiscountText('Acme Labs 12% on 50k reason:competitor they got a lower quote');
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        customerTokens: [
          { text: 'Acme', quoted: false },
          { text: 'Labs', quoted: false },
        ],
        percent: 12,
        amount: 50000,
        reason: 'competitor',
        justification: 'they got a lower quote',
      },
    });
    expect(parseDiscountText('华为 10％ 金额 12万 reason：竞品 对手低价')).toMatchObject({
      ok: true,
      value: { percent: 10, amount: 120000, reason: 'competitor', justification: '对手低价' },
    });
    // A Chinese name typed straight before the percentage, as Chinese is written.
    expect(parseDiscountText('华为技术8% reason:竞争 对方报价低')).toMatchObject({
      ok: true,
      value: { customerTokens: [{ text: '华为技术' }], percent: 8, justification: '对方报价低' },
    });
    expect(parseDiscountText('Acme8% reason:budget x')).toMatchObject({ ok: false });
    expect(parseDiscountText('12% reason:budget x')).toMatchObject({
      ok: false,
      error: { code: 'customer_missing' },
    });
    expect(parseDiscountText('Acme twelve percent')).toMatchObject({
      ok: false,
      error: { code: 'percent_missing' },
    });
    expect(parseDiscountText('Acme 10% reason:nope x')).toMatchObject({
      ok: false,
      error: { code: 'reason_unknown' },
    });
  });
});

describe('commands typed as chat messages', () => {
  it('keeps an ideographic space inside the notes (it used to become an ASCII space on Lark)', () => {
    expect(parseChatCommand('/visit 华为 拜访了\u3000采购部')).toEqual({
      command: 'visit',
      args: '华为 拜访了\u3000采购部',
    });
    // Still a separator after the command word and at the ends.
    expect(parseChatCommand('\u3000拜访\u3000华为 好\u3000')).toEqual({ command: 'visit', args: '华为 好' });
  });
});
